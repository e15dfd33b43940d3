/**
 * Runs one accelerated step over an array, on this thread and on helper threads that share
 * its WebAssembly memory. The calling thread publishes a job (kernel, addresses, flags,
 * scalars) in a small shared control block; the array is cut into chunks, and every thread
 * takes the next chunk until none is left (work stealing), so a helper that is slow to wake
 * or busy elsewhere only means the caller does more chunks itself. Each element is updated
 * by exactly one thread with the same instructions, so the result does not depend on who
 * did which chunk. Small arrays run on the calling thread alone.
 *
 * Helpers are worker threads started on first need, unref'd (they never keep a process
 * alive) and ended with the thread that started them. After a job they spin briefly for
 * the next one (waking a sleeping thread costs ~50 µs), then sleep in Atomics.wait.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SharedHeap } from './memory';
import type { WasmKernel, WasmKernels, WasmModule } from './wasm';

/** Control block: Int32 slots. */
const GEN = 0; // job generation: the helpers wait for it to change
const NEXT = 1; // next chunk to take (Atomics.add)
const DONE = 2; // chunks finished
const ACTIVE = 3; // helpers between taking a job and leaving it
const WRITING = 4; // the caller is writing a new job: helpers stay out
const KERNEL = 5;
const FLAGS = 6;
const CHUNK = 7; // elements per chunk
const CHUNKS = 8;
const END = 9; // elements in all (even)
const ADDRESS = 10; // five array addresses: slots 10 … 14
const READY = 15; // helpers that have started
/** Float64 slots (the twelve scalars): 8 … 19, i.e. bytes 64 … 159. */
const SCALAR = 8;
/** Scalars a kernel takes. */
export const SCALARS = 12;
const CONTROL_BYTES = (SCALAR + SCALARS) * 8;

/** The kernels of kernels.wat, by name; a kernel's id is its index here. */
export const KERNEL_NAMES = ['adam', 'sgd', 'rmsprop', 'radam', 'rprop', 'asgd', 'lion', 'sgdScheduleFree', 'adamwScheduleFree'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];
export const KERNEL_IDS = Object.fromEntries(KERNEL_NAMES.map((name, id) => [name, id])) as Readonly<Record<KernelName, number>>;

/** Elements per chunk: ~10–40 µs of work, so a late helper still takes a share. */
export const CHUNK_ELEMENTS = 8192;
/** Arrays shorter than this run on the calling thread alone (a job's hand-over costs a few µs). */
export const PARALLEL_MIN_ELEMENTS = 4 * CHUNK_ELEMENTS;
/** How long an idle helper spins before it sleeps. */
const SPIN_MS = 1;

/**
 * Run chunks of the job in `control` until none is left; returns how many this thread did.
 * Self-contained (no outer bindings): helper threads run its source text.
 */
function takeChunks(kernels: readonly WasmKernel[], c: Int32Array, s: Float64Array): number {
  const kernel = kernels[c[5]!]!;
  const flags = c[6]!;
  const chunk = c[7]!;
  const chunks = c[8]!;
  const end = c[9]!;
  const a0 = c[10]!;
  const a1 = c[11]!;
  const a2 = c[12]!;
  const a3 = c[13]!;
  const a4 = c[14]!;
  const s0 = s[8]!;
  const s1 = s[9]!;
  const s2 = s[10]!;
  const s3 = s[11]!;
  const s4 = s[12]!;
  const s5 = s[13]!;
  const s6 = s[14]!;
  const s7 = s[15]!;
  const s8 = s[16]!;
  const s9 = s[17]!;
  const s10 = s[18]!;
  const s11 = s[19]!;
  let done = 0;
  for (;;) {
    const index = Atomics.add(c, 1, 1);
    if (index >= chunks) return done;
    const start = index * chunk;
    kernel(a0, a1, a2, a3, a4, start, Math.min(start + chunk, end), flags, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11);
    // Only the job's last chunk wakes the caller (a notify takes V8's futex lock, ~120 per 10⁶-element job otherwise).
    if (Atomics.add(c, 2, 1) === chunks - 1) Atomics.notify(c, 2);
    done++;
  }
}

/** A helper thread's whole program (run from its source text; self-contained). */
function helperMain(data: { module: WasmModule; memory: unknown; control: SharedArrayBuffer; spinMs: number; names: readonly KernelName[] }, take: typeof takeChunks): void {
  const WA = (globalThis as unknown as { WebAssembly: { Instance: new (m: unknown, i: object) => { exports: WasmKernels } } }).WebAssembly;
  const x = new WA.Instance(data.module, { env: { memory: data.memory } }).exports;
  const kernels = data.names.map((name) => x[name]);
  const c = new Int32Array(data.control);
  const s = new Float64Array(data.control);
  let seen = Atomics.load(c, 0);
  Atomics.add(c, 15, 1);
  for (;;) {
    let until = performance.now() + data.spinMs;
    let spins = 0;
    while (Atomics.load(c, 0) === seen) {
      if ((++spins & 255) === 0 && performance.now() > until) {
        Atomics.wait(c, 0, seen);
        until = performance.now() + data.spinMs;
      }
    }
    // Announce, then check that no job is being written; else step back and try again.
    Atomics.add(c, 3, 1);
    if (Atomics.load(c, 4) !== 0) {
      Atomics.sub(c, 3, 1);
      continue;
    }
    seen = Atomics.load(c, 0);
    take(kernels, c, s);
    Atomics.sub(c, 3, 1);
  }
}

const HELPER_SOURCE = [
  // tsx (the tests) compiles with esbuild's keepNames, which wraps functions in __name(…).
  'const __name = (target) => target;',
  `const takeChunks = ${takeChunks.toString()};`,
  `(${helperMain.toString()})(require('node:worker_threads').workerData, takeChunks);`,
].join('\n');

export class ParallelRunner {
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  private readonly c = new Int32Array(this.control);
  private readonly f = new Float64Array(this.control);
  /** The job's twelve scalars: the caller writes them here before `run`. */
  readonly scalars: Float64Array;
  private readonly kernels: readonly WasmKernel[];
  private helpers: Worker[] | null = null;
  /** False: every job runs on the calling thread (benchmarks compare one thread with all). */
  parallel = true;

  constructor(
    private readonly module: WasmModule,
    private readonly heap: SharedHeap,
    kernels: WasmKernels,
  ) {
    this.kernels = KERNEL_NAMES.map((name) => kernels[name]);
    this.scalars = new Float64Array(this.control, SCALAR * 8, SCALARS);
  }

  /** Helper threads to start: one per further core, at most 3 (the steps are memory-bound beyond). */
  static helperCount(): number {
    return Math.max(0, Math.min(3, availableParallelism() - 1));
  }

  /** Helpers that have started and take chunks. */
  get readyHelpers(): number {
    return Atomics.load(this.c, READY);
  }

  /** Start the helper threads (once; they join jobs as soon as they are up). */
  startHelpers(): void {
    if (this.helpers !== null) return;
    this.helpers = [];
    const count = ParallelRunner.helperCount();
    for (let i = 0; i < count; i++) {
      try {
        const worker = new Worker(HELPER_SOURCE, {
          eval: true,
          execArgv: [],
          workerData: { module: this.module, memory: this.heap.memory, control: this.control, spinMs: SPIN_MS, names: KERNEL_NAMES },
          stdout: false,
          stderr: false,
        });
        worker.unref();
        // A helper that fails to start simply never takes a chunk.
        worker.on('error', () => undefined);
        this.helpers.push(worker);
      } catch {
        break;
      }
    }
  }

  /** Resolves when every helper has started (for benchmarks and tests; runs never wait for it). */
  async helpersReady(timeoutMs = 10_000): Promise<number> {
    this.startHelpers();
    const wanted = this.helpers!.length;
    const until = performance.now() + timeoutMs;
    while (this.readyHelpers < wanted && performance.now() < until) await new Promise((done) => setTimeout(done, 2));
    return this.readyHelpers;
  }

  /**
   * Run `kernel` over elements [0, elements) (rounded up to even: the arrays have room) with
   * addresses a0 … a4, `flags` and the scalars written into `this.scalars`. Returns when
   * every element is done.
   */
  run(kernel: number, elements: number, flags: number, a0: number, a1: number, a2: number, a3: number, a4: number): void {
    const end = elements + (elements & 1);
    const s = this.scalars;
    if (end < PARALLEL_MIN_ELEMENTS || !this.parallel || Atomics.load(this.c, READY) === 0) {
      this.kernels[kernel]!(a0, a1, a2, a3, a4, 0, end, flags, s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, s[6]!, s[7]!, s[8]!, s[9]!, s[10]!, s[11]!);
      return;
    }
    const c = this.c;
    // No helper may be reading the previous job while this one is written.
    Atomics.store(c, WRITING, 1);
    while (Atomics.load(c, ACTIVE) !== 0);
    const chunks = Math.ceil(end / CHUNK_ELEMENTS);
    c[KERNEL] = kernel;
    c[FLAGS] = flags;
    c[CHUNK] = CHUNK_ELEMENTS;
    c[CHUNKS] = chunks;
    c[END] = end;
    c[ADDRESS] = a0;
    c[ADDRESS + 1] = a1;
    c[ADDRESS + 2] = a2;
    c[ADDRESS + 3] = a3;
    c[ADDRESS + 4] = a4;
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.store(c, WRITING, 0);
    Atomics.notify(c, GEN);
    takeChunks(this.kernels, c, this.f);
    // Wait for chunks still running on helpers (each is tens of µs; a descheduled helper is slower).
    let spins = 0;
    for (let done = Atomics.load(c, DONE); done < chunks; done = Atomics.load(c, DONE)) {
      if (++spins > 4096) Atomics.wait(c, DONE, done, 1);
    }
  }
}
