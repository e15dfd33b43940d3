/**
 * The accelerated optimizer steps of the element-wise optimizers (`adam`, `sgd`, `rmsprop`,
 * `radam`, `rprop`, `asgd`, `lion`, `sgdScheduleFree`, `adamwScheduleFree`) with two float64 lanes per
 * instruction (WebAssembly SIMD, kernels.wat) on the calling thread and helper threads
 * (parallel.ts), bit-identical to the scalar kernels in ../<name>.ts, which stay the
 * specification. A run gets its parameters, gradient and state in one block of shared
 * WebAssembly memory (`accelerator(type, options)?.allocate(dim)`), and steps on exactly
 * those arrays take the fast path.
 *
 * Where it is not available (no dist/accel.wasm, a runtime without WebAssembly SIMD or shared
 * memory, the 4 GiB memory full), `allocate` returns null and callers use the scalar kernels.
 */
import type { OptimizerState } from '../types';
import { SharedHeap, roundUp, BLOCK_ALIGN } from './memory';
import { PARALLEL_MIN_ELEMENTS, ParallelRunner } from './parallel';
import { STEP_PLANS, type StepPlan } from './plans';
import { accelModule, webAssembly, type WasmKernels } from './wasm';

/** Parameters, gradient and state of one run in shared memory, with their fast step. */
export interface AcceleratedBuffers<S extends OptimizerState = OptimizerState> {
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly state: S;
  /**
   * True when `params`, `grad` and `state` are these buffers' own arrays (and the state's
   * buffers were not replaced), so that `step` may run.
   */
  owns(params: Float64Array, grad: Float64Array, state: OptimizerState): boolean;
  /** One step of the optimizer on these arrays, bit-identical to its scalar kernel (call only when `owns` them). */
  step(lr: number): void;
  /** Give the memory back at the end of the run: the arrays must not be used afterwards. */
  release(): void;
}

export interface Accelerator<S extends OptimizerState = OptimizerState> {
  /** Buffers for `dim` parameters (state as the kernel's init makes it), or null when the fast path is unavailable. */
  allocate(dim: number): AcceleratedBuffers<S> | null;
}

interface Runtime {
  readonly heap: SharedHeap;
  readonly runner: ParallelRunner;
}

let runtime: Runtime | { problem: string } | undefined;

function getRuntime(): Runtime | { problem: string } {
  if (runtime !== undefined) return runtime;
  const loaded = accelModule();
  if ('problem' in loaded) return (runtime = loaded);
  try {
    const heap = new SharedHeap();
    const instance = new webAssembly!.Instance(loaded.module, { env: { memory: heap.memory } });
    const kernels: WasmKernels = instance.exports;
    runtime = { heap, runner: new ParallelRunner(loaded.module, heap, kernels) };
  } catch (e) {
    runtime = { problem: `shared WebAssembly memory is unavailable: ${e instanceof Error ? e.message : String(e)}` };
  }
  return runtime;
}

/** Why the fast path is off in this thread, or null when it is available. */
export function accelUnavailableReason(): string | null {
  const r = getRuntime();
  return 'problem' in r ? r.problem : null;
}

/** The thread's runner (null when unavailable): for benchmarks and tests that wait for the helper threads. */
export function accelRunner(): ParallelRunner | null {
  const r = getRuntime();
  return 'problem' in r ? null : r.runner;
}

/**
 * Below this many parameters the scalar kernel, which the JIT inlines into the run's loop, is
 * as fast as a call into WebAssembly (measured in bench/: see BENCHMARKS.md).
 */
export const ACCEL_MIN_DIM = 16;

/** Types with an accelerated step. */
export const ACCELERATED_TYPES: readonly string[] = Object.keys(STEP_PLANS);

/**
 * The accelerator of optimizer `type` with resolved `options` (no `type` key), or null when
 * the type has no accelerated step. `init` is the scalar kernel's init: the state starts as
 * it makes it, then each of its buffers with one entry per parameter moves to shared memory.
 */
export function accelerator<S extends OptimizerState>(type: string, options: object, init: (dim: number, options: any) => S): Accelerator<S> | null {
  const plan = STEP_PLANS[type] as StepPlan<object, S> | undefined;
  if (plan === undefined) return null;
  return { allocate: (dim) => allocateBuffers(plan, options, init, dim) };
}

function allocateBuffers<S extends OptimizerState>(plan: StepPlan<object, S>, options: object, init: (dim: number, options: object) => S, dim: number): AcceleratedBuffers<S> | null {
  const r = getRuntime();
  if ('problem' in r || !Number.isInteger(dim) || dim < 1) return null;
  const { heap, runner } = r;
  const state = init(dim, options);
  const fields = Object.entries(state).filter((entry): entry is [string, Float64Array] => entry[1] instanceof Float64Array && entry[1].length === dim);
  // Room for an even number of elements per array (the kernels take two at a time).
  const stride = roundUp(dim * 8, BLOCK_ALIGN);
  const bytes = stride * (2 + fields.length);
  const offset = heap.allocate(bytes);
  if (offset === null) return null;
  const memory = heap.memory.buffer;
  const view = (index: number): Float64Array => new Float64Array(memory, offset + index * stride, dim);
  const params = view(0);
  const grad = view(1);
  const moved: Float64Array[] = [];
  const record = state as unknown as Record<string, Float64Array>;
  fields.forEach(([name, initial], i) => {
    const buffer = view(2 + i);
    buffer.set(initial);
    record[name] = buffer;
    moved.push(buffer);
  });
  const names = fields.map(([name]) => name);
  if (dim >= PARALLEL_MIN_ELEMENTS) runner.startHelpers();
  let released = false;
  return {
    params,
    grad,
    state,
    owns(p, g, s) {
      if (released || p !== params || g !== grad || s !== state) return false;
      for (let i = 0; i < names.length; i++) if (record[names[i]!] !== moved[i]) return false;
      return true;
    },
    step(lr) {
      plan.step(runner, params, grad, state, lr, options);
    },
    release() {
      if (released) return;
      released = true;
      heap.release(offset, bytes);
    },
  };
}
