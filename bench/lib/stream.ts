/**
 * The machine's memory bandwidth, measured the way STREAM does (McCalpin): `copy` a[i] = b[i]
 * and `triad` a[i] = b[i] + s·c[i] over float64 arrays far larger than the caches, here in
 * WebAssembly SIMD (two float64 lanes per instruction, unrolled twice) on 1 thread and on 2 (the
 * calling thread and a helper, each on half of the arrays, like the optimizers' accelerated
 * step). Bytes counted as STREAM counts them: copy moves 2 × 8 bytes per element, triad 3 × 8
 * (no write-allocate traffic). This is the bound an optimizer step that reads and writes its
 * arrays once per step cannot beat; a plain JavaScript loop does not reach it.
 */
import { Worker } from 'node:worker_threads';

const KERNELS_WAT = `
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; dst[i] = src[i] for n doubles (n a multiple of 4); byte offsets.
  (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (br $next))))
  ;; a[i] = b[i] + s * c[i] for n doubles (n a multiple of 4); byte offsets.
  (func (export "triad") (param $a i32) (param $b i32) (param $c i32) (param $s f64) (param $n i32)
    (local $end i32) (local $sv v128)
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $end (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $b) (local.get $end)))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $b)) (f64x2.mul (local.get $sv) (v128.load (local.get $c)))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $b)) (f64x2.mul (local.get $sv) (v128.load offset=16 (local.get $c)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $next)))))
`;

interface Kernels {
  copy(dst: number, src: number, n: number): void;
  triad(a: number, b: number, c: number, s: number, n: number): void;
}

/** The part of the WebAssembly JavaScript API used here (the project compiles without the DOM library, whose typings have it). */
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
type WasmModule = object;
const WA = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => WasmModule;
    Instance: new (module: WasmModule, imports: object) => { exports: unknown };
    Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  };
}).WebAssembly;

/** Control slots shared with the helper: [0] generation, [1] kernel (1 copy, 2 triad), [2] finished helpers. */
const GENERATION = 0;
const KERNEL = 1;
const FINISHED = 2;

const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, control, offsets, half } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  const kernel = Atomics.load(ctl, ${KERNEL});
  if (kernel === 0) break;
  if (kernel === 1) k.copy(offsets.a + half * 8, offsets.b + half * 8, half);
  else k.triad(offsets.a + half * 8, offsets.b + half * 8, offsets.c + half * 8, 3, half);
  Atomics.add(ctl, ${FINISHED}, 1);
  Atomics.notify(ctl, ${FINISHED});
}
`;

export interface Bandwidth {
  /** GB/s (10⁹ bytes per second) of each kernel on 1 and 2 threads. */
  readonly copy1: number;
  readonly triad1: number;
  readonly copy2: number;
  readonly triad2: number;
}

/** Three float64 arrays of `n` elements in shared WebAssembly memory, the kernels, and a helper thread. */
export class StreamBench {
  private helper: Worker | null = null;
  private readonly control = new SharedArrayBuffer(3 * 4);
  private readonly ctl = new Int32Array(this.control);

  private constructor(
    private readonly kernels: Kernels,
    private readonly offsets: { a: number; b: number; c: number },
    readonly n: number,
    private readonly module: WasmModule,
    private readonly memory: WasmMemory,
  ) {}

  /** n: elements per array (rounded up to a multiple of 8, so each thread's half is whole SIMD blocks). */
  static async create(elements: number): Promise<StreamBench> {
    const n = Math.ceil(elements / 8) * 8;
    const wabt = await (await import('wabt')).default();
    const parsed = wabt.parseWat('stream.wat', KERNELS_WAT, { simd: true, threads: true });
    const bytes = parsed.toBinary({}).buffer;
    parsed.destroy();
    const module = new WA.Module(bytes);
    const bytesNeeded = 3 * n * 8 + 64;
    const pages = Math.ceil(bytesNeeded / 65536);
    const memory = new WA.Memory({ initial: pages, maximum: pages, shared: true });
    const kernels = new WA.Instance(module, { env: { memory } }).exports as unknown as Kernels;
    const offsets = { a: 0, b: n * 8, c: 2 * n * 8 };
    const all = new Float64Array(memory.buffer, 0, 3 * n);
    for (let i = 0; i < all.length; i++) all[i] = 1 + (i % 7) * 0.25;
    return new StreamBench(kernels, offsets, n, module, memory);
  }

  async startHelper(): Promise<void> {
    if (this.helper) return;
    const helper = new Worker(HELPER, { eval: true, workerData: { module: this.module, memory: this.memory, control: this.control, offsets: this.offsets, half: this.n / 2 } });
    await new Promise<void>((resolve, reject) => {
      helper.once('message', () => resolve());
      helper.once('error', reject);
    });
    this.helper = helper;
  }

  /** One pass of `kernel` over the whole arrays, on this thread alone or shared with the helper. */
  pass(kernel: 'copy' | 'triad', threads: 1 | 2): void {
    const { a, b, c } = this.offsets;
    const n = this.n;
    const k = this.kernels;
    if (threads === 1) {
      if (kernel === 'copy') k.copy(a, b, n);
      else k.triad(a, b, c, 3, n);
      return;
    }
    const half = n / 2;
    Atomics.store(this.ctl, FINISHED, 0);
    Atomics.store(this.ctl, KERNEL, kernel === 'copy' ? 1 : 2);
    Atomics.add(this.ctl, GENERATION, 1);
    Atomics.notify(this.ctl, GENERATION);
    if (kernel === 'copy') k.copy(a, b, half);
    else k.triad(a, b, c, 3, half);
    while (Atomics.load(this.ctl, FINISHED) < 1) Atomics.wait(this.ctl, FINISHED, 0, 50);
  }

  /** Bytes one pass moves, as STREAM counts them. */
  bytesPerPass(kernel: 'copy' | 'triad'): number {
    return (kernel === 'copy' ? 2 : 3) * 8 * this.n;
  }

  /** GB/s of `kernel` on `threads` over passes filling about `budgetMs` (after one warm-up pass). */
  measure(kernel: 'copy' | 'triad', threads: 1 | 2, budgetMs: number): number {
    this.pass(kernel, threads);
    let passes = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      this.pass(kernel, threads);
      passes++;
      elapsed = performance.now() - started;
    } while (elapsed < budgetMs);
    return (this.bytesPerPass(kernel) * passes) / (elapsed / 1000) / 1e9;
  }

  /** The element a[i] after the last pass (a check that the kernels ran: triad gives b + 3c). */
  element(array: 'a' | 'b' | 'c', i: number): number {
    return new Float64Array(this.memory.buffer, this.offsets[array], this.n)[i]!;
  }

  async close(): Promise<void> {
    if (!this.helper) return;
    Atomics.store(this.ctl, KERNEL, 0);
    Atomics.add(this.ctl, GENERATION, 1);
    Atomics.notify(this.ctl, GENERATION);
    await this.helper.terminate();
    this.helper = null;
  }
}
