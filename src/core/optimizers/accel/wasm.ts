/**
 * The compiled accelerated steps (`accel.wasm`, assembled by `npm run build` from
 * kernels.wat), found next to the running bundle (dist/) or, from the sources (tests under
 * tsx), in the repository's dist/. Loaded once, synchronously, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The part of the WebAssembly JavaScript API this module uses (the Node typings leave it out). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
/** A compiled module (opaque; structured-cloneable to worker threads). */
export interface WasmModule {
  readonly __wasmModule: unique symbol;
}
/**
 * One optimizer step over elements [start, end) of arrays at byte addresses a0 … a4, with
 * flags and twelve scalars; every kernel of kernels.wat has this signature.
 */
export type WasmKernel = (
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  start: number,
  end: number,
  flags: number,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
  s4: number,
  s5: number,
  s6: number,
  s7: number,
  s8: number,
  s9: number,
  s10: number,
  s11: number,
) => void;
export interface WasmKernels {
  readonly adam: WasmKernel;
  readonly sgd: WasmKernel;
  readonly rmsprop: WasmKernel;
  readonly radam: WasmKernel;
  readonly rprop: WasmKernel;
  readonly asgd: WasmKernel;
  readonly lion: WasmKernel;
  readonly sgdScheduleFree: WasmKernel;
  readonly adamwScheduleFree: WasmKernel;
}
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: WasmKernels };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** 64 KiB, WebAssembly's page size. */
export const WASM_PAGE_BYTES = 65536;
/** Largest memory (4 GiB, the 32-bit address space); shared memory reserves it up front (address space only). */
export const WASM_MAX_PAGES = 65536;

export const webAssembly = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

let loaded: { module: WasmModule } | { problem: string } | undefined;

/** The compiled module, or why there is none. */
export function accelModule(): { module: WasmModule } | { problem: string } {
  loaded ??= load();
  return loaded;
}

function load(): { module: WasmModule } | { problem: string } {
  if (webAssembly === undefined) return { problem: 'this runtime has no WebAssembly' };
  const file = wasmPath();
  if (!existsSync(file)) return { problem: `${file} is missing (npm run build makes it)` };
  const bytes = readFileSync(file);
  // SIMD and shared memory are both needed; a runtime without them gets the scalar kernels.
  if (!webAssembly.validate(bytes)) return { problem: 'this runtime lacks WebAssembly SIMD or threads' };
  try {
    return { module: new webAssembly.Module(bytes) };
  } catch (e) {
    return { problem: `accel.wasm does not compile: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** accel.wasm next to this bundle (dist/); from the sources, the built dist/accel.wasm. */
function wasmPath(): string {
  const beside = path.join(__dirname, 'accel.wasm');
  if (existsSync(beside)) return beside;
  return path.join(__dirname, '..', '..', '..', '..', 'dist', 'accel.wasm');
}
