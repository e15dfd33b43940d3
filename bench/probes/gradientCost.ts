/**
 * The gradient-cost measurements of one repetition, in a fresh process (bench/suites/
 * gradientCost.ts bundles this file with esbuild and runs it with plain node, as the CLI and the
 * worker run the loader's code — under tsx the runtime's module bindings are getters, which
 * would slow the exact gradient several times over):
 *
 *   node gradientCost.js ROOT BUDGET_MS  →  one JSON line:
 *     typescriptLoadMs   require('typescript'), which the transform needs once per process
 *     firstTransformMs   the first transform in the process (examples/mlpIris.ts; TypeScript's
 *                        code not yet compiled by V8: what a one-run CLI process pays)
 *     transform[]        per example twin without grad (examples/exact/*.ts): loading it with
 *                        and without the transform (esbuild bundle, warm), and the transform alone
 *     batches            for the iris MLP on a batch of 16 and on all 150 flowers: ms per gradient
 *                        of central differences, the example's grad, the exact gradient (through
 *                        f's generated adjoint, as the worker computes it), the exact gradient
 *                        recorded on the tape, and the floor of a scalar tape (bench/lib/
 *                        irisTapeFloor.ts: the runtime's tape written by hand), the gradients at
 *                        x0, and both tapes' sizes
 *
 * The iris files are evaluated as the worker evaluates a bundle: examples/mlpIris.ts as bundled
 * (for f and its grad), examples/exact/mlpIris.ts bundled through the transform, with the
 * runtime passed in; the exact gradient is computed as the worker's ExactGradient computes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { adjointOf, GradientRecorder, runtime } from '../../src/core/autodiff/runtime';
import { Tape, tape as runtimeTape } from '../../src/core/autodiff/runtime/tape';
import { irisTapeFloorGradient, type IrisFlower } from '../lib/irisTapeFloor';
import { transformSource } from '../../src/core/autodiff/transform';
import { centralDifferenceGradient } from '../../src/core/gradients/finiteDifference';
import { bundleObjectiveFile } from '../../src/core/loader';
import { callsFor, msPerCall } from '../lib/timing';

const [root, budgetText] = process.argv.slice(2) as [string, string];
const budgetMs = Number(budgetText);

interface Mlp {
  readonly x0: readonly number[];
  readonly data: readonly unknown[];
  readonly batchSize: number;
  f(this: unknown, x: readonly number[], batch: readonly unknown[]): number;
  grad?(this: unknown, x: readonly number[], batch: readonly unknown[]): number[];
}

interface BatchResult {
  numericMs: number[];
  userMs: number[];
  /** The exact gradient as the worker computes it: through f's generated adjoint. */
  exactMs: number[];
  /** The exact gradient recorded on the tape (what objectives outside the adjoints' subset get). */
  tapeMs: number[];
  /** The floor of any scalar tape (bench/lib/irisTapeFloor.ts). */
  floorMs: number[];
  value: number;
  exactValue: number;
  tapeValue: number;
  floorValue: number;
  /** Did the exact gradient go through a generated adjoint? */
  generated: boolean;
  numeric: number[];
  user: number[];
  exact: number[];
  tape: number[];
  floor: number[];
  /** Nodes and edges of the runtime's recording and of the floor's, after one gradient. */
  runtimeTape: { nodes: number; edges: number };
  floorTape: { nodes: number; edges: number };
}

type Bundled = Awaited<ReturnType<typeof bundleObjectiveFile>>;

function evaluate(bundle: Bundled): Record<string, unknown> {
  const names = bundle.autodiff?.runtimeNames ?? [];
  const wrapper = vm.compileFunction(bundle.code, ['exports', 'require', 'module', '__filename', '__dirname', ...names], { filename: bundle.file });
  const module = { exports: {} as Record<string, unknown> };
  wrapper.call(module.exports, module.exports, createRequire(bundle.file), module, bundle.file, path.dirname(bundle.file), ...names.map(() => runtime));
  return module.exports;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

async function timeAsync(fn: () => Promise<unknown>, times: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

async function transformCosts(): Promise<{ file: string; plainMs: number; autodiffMs: number; transformMs: number; lines: number }[]> {
  const dir = path.join(root, 'examples', 'exact');
  const out = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) {
    const twin = path.join(dir, name);
    // The twin and the example it imports are both transformed.
    const sources = [twin, path.join(root, 'examples', name)];
    await bundleObjectiveFile(twin);
    await bundleObjectiveFile(twin, { autodiff: true });
    const plainMs = await timeAsync(() => bundleObjectiveFile(twin), 5);
    const autodiffMs = await timeAsync(() => bundleObjectiveFile(twin, { autodiff: true }), 5);
    const texts = sources.map((file) => readFileSync(file, 'utf8'));
    const transformMs = await timeAsync(async () => {
      for (let i = 0; i < sources.length; i++) transformSource(texts[i]!, sources[i]!);
    }, 5);
    out.push({ file: path.relative(root, twin), plainMs, autodiffMs, transformMs, lines: texts.reduce((n, t) => n + t.split('\n').length, 0) });
  }
  return out;
}

async function main(): Promise<void> {
  const tsStarted = performance.now();
  require('typescript');
  const typescriptLoadMs = performance.now() - tsStarted;
  const irisFile = path.join(root, 'examples', 'mlpIris.ts');
  const irisText = readFileSync(irisFile, 'utf8');
  const firstStarted = performance.now();
  transformSource(irisText, irisFile);
  const firstTransformMs = performance.now() - firstStarted;
  const transform = await transformCosts();

  const plain = evaluate(await bundleObjectiveFile(path.join(root, 'examples', 'mlpIris.ts'))).mlpIris as Mlp;
  const twin = evaluate(await bundleObjectiveFile(path.join(root, 'examples', 'exact', 'mlpIris.ts'), { autodiff: true })).mlpIris as Mlp;
  const dim = plain.x0.length;
  const x = Float64Array.from(plain.x0);
  // As the worker's adapter calls a user's functions: x copied into a number[] reused across calls.
  const userX = new Array<number>(dim).fill(0);
  const copyIn = (p: Float64Array): number[] => {
    for (let i = 0; i < dim; i++) userX[i] = p[i]!;
    return userX;
  };
  const recorder = new GradientRecorder();
  const floorTape = new Tape();
  const floorLeaves: unknown[] = [];
  const batches: Record<string, BatchResult> = {};
  for (const [key, batch] of [
    ['batch16', plain.data.slice(0, plain.batchSize)],
    ['full150', plain.data],
  ] as const) {
    const numericOut = new Float64Array(dim);
    const userOut = new Float64Array(dim);
    const exactOut = new Float64Array(dim);
    const tapeOut = new Float64Array(dim);
    const floorOut = new Float64Array(dim);
    const f = (p: Float64Array): number => plain.f(copyIn(p), batch);
    let exactValue = NaN;
    const numeric = (): void => centralDifferenceGradient(f, x, numericOut);
    const user = (): void => {
      const g = plain.grad!(copyIn(x), batch);
      for (let i = 0; i < dim; i++) userOut[i] = g[i]!;
    };
    let tapeValue = NaN;
    const tape = (): void => {
      const r = recorder.record((xs) => twin.f.call(twin, xs as number[], batch), x, tapeOut);
      if (r.kind !== 'gradient') throw new Error(`the exact gradient of examples/exact/mlpIris.ts was not recorded: ${r.kind}`);
      tapeValue = r.value;
    };
    // As the worker's ExactGradient: f's generated adjoint where the transform wrote one, else the tape.
    const adjoint = adjointOf(twin.f);
    const exact = adjoint === undefined ? (): void => {
      tape();
      exactOut.set(tapeOut);
      exactValue = tapeValue;
    } : (): void => {
      exactValue = adjoint(x, exactOut, batch) as number;
    };
    let floorValue = NaN;
    const floor = (): void => {
      floorValue = irisTapeFloorGradient(floorTape, x, floorLeaves, batch as readonly IrisFlower[], floorOut);
    };
    exact();
    tape();
    const runtimeTapeSize = { nodes: runtimeTape.n, edges: runtimeTape.e };
    floor();
    const floorTapeSize = { nodes: floorTape.n, edges: floorTape.e };
    const contenders = [numeric, user, exact, floor, tape];
    const calls = contenders.map((c) => callsFor(c, budgetMs));
    const ms: number[][] = [[], [], [], [], []];
    for (let rep = 0; rep < 3; rep++) contenders.forEach((c, i) => ms[i]!.push(msPerCall(c, calls[i]!)));
    batches[key] = {
      numericMs: ms[0]!,
      userMs: ms[1]!,
      exactMs: ms[2]!,
      floorMs: ms[3]!,
      tapeMs: ms[4]!,
      runtimeTape: runtimeTapeSize,
      floorTape: floorTapeSize,
      floorValue,
      floor: Array.from(floorOut),
      value: plain.f(plain.x0, batch),
      exactValue,
      tapeValue,
      generated: adjoint !== undefined,
      tape: Array.from(tapeOut),
      numeric: Array.from(numericOut),
      user: Array.from(userOut),
      exact: Array.from(exactOut),
    };
  }
  process.stdout.write(`${JSON.stringify({ typescriptLoadMs, firstTransformMs, transform, batches })}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
