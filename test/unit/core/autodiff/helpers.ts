/**
 * Helpers of the autodiff tests: record a gradient with the runtime directly, bundle and
 * evaluate a source text through the transform in this process, and central differences.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { autodiffPlugin, emptyReport, type AutodiffReport } from '../../../../src/core/autodiff/plugin';
import { GradientRecorder, runtime, type RecordedGradient } from '../../../../src/core/autodiff/runtime';
import { centralDifferenceGradient } from '../../../../src/core/gradients/finiteDifference';

export const $ = runtime;

/** value and gradient of `f` (already written against the runtime) at x. */
export function record(f: (x: unknown[]) => unknown, x: readonly number[]): { result: RecordedGradient; gradient: number[] } {
  const out = new Float64Array(x.length);
  const result = new GradientRecorder().record(f, x, out);
  return { result, gradient: Array.from(out) };
}

/** The value of a recording that must have worked. */
export function valueOf(result: RecordedGradient): number {
  if (result.kind !== 'gradient') throw new Error(`expected a gradient, got ${result.kind}${result.kind === 'leak' ? `: ${result.leak.message}` : ''}`);
  return result.value;
}

export function centralDifferences(f: (x: number[]) => number, x: readonly number[]): number[] {
  const out = new Float64Array(x.length);
  centralDifferenceGradient((p) => f(Array.from(p)), Float64Array.from(x), out);
  return Array.from(out);
}

/** Worst |aᵢ − bᵢ| / max(|bᵢ|, floor). */
export function maxRelativeError(a: readonly number[], b: readonly number[], floor = 1e-300): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return worst;
}

/** Worst |aᵢ − bᵢ| / max(‖b‖∞, floor): a relative error that does not blow up on components near 0. */
export function maxScaledError(a: readonly number[], b: readonly number[], floor = 1e-12): number {
  const scale = Math.max(floor, ...b.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

let scratch: string | null = null;
let counter = 0;

export interface Evaluated {
  readonly exports: Record<string, unknown>;
  readonly report: AutodiffReport;
  readonly file: string;
}

/**
 * Bundle `files` (name → text; the first is the entry) through the transform and evaluate the
 * bundle in this process with the runtime, as the worker does.
 */
export async function evaluateFiles(files: Record<string, string>): Promise<Evaluated> {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'lrlab-autodiff-'));
  const dir = path.join(scratch, `case${counter++}`);
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(files);
  for (const name of names) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, files[name]!);
  }
  return evaluateFile(path.join(dir, names[0]!));
}

export async function evaluateSource(source: string): Promise<Evaluated> {
  return evaluateFiles({ 'objective.ts': source });
}

export async function evaluateFile(file: string): Promise<Evaluated> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const report = emptyReport();
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(path.dirname(file), 'bundle.js'),
    plugins: [autodiffPlugin(report)],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const wrapper = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname', ...report.runtimeNames], { filename: file });
  const module = { exports: {} as Record<string, unknown> };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), ...report.runtimeNames.map(() => runtime));
  return { exports: module.exports, report, file };
}

/** f of an export (a function, or an object's f bound to it). */
export function objectiveFunction(exported: unknown): (x: unknown, ...rest: unknown[]) => unknown {
  if (typeof exported === 'function') return exported as (x: unknown) => unknown;
  const obj = exported as { f: (x: unknown, ...rest: unknown[]) => unknown };
  return (x, ...rest) => obj.f.call(obj, x, ...rest);
}

/** Exact gradient (recorded) and plain value of exported objective `name` at x. */
export function gradientOf(evaluated: Evaluated, name: string, x: readonly number[], ...rest: unknown[]): { result: RecordedGradient; gradient: number[]; plain: number } {
  const f = objectiveFunction(evaluated.exports[name]);
  const { result, gradient } = record((xs) => f(xs, ...rest), x);
  const plain = f(x.slice(), ...rest) as number;
  return { result, gradient, plain };
}

/** Central differences of exported objective `name` at x (the plain, untransformed-path evaluation). */
export function numericOf(evaluated: Evaluated, name: string, x: readonly number[], ...rest: unknown[]): number[] {
  const f = objectiveFunction(evaluated.exports[name]);
  return centralDifferences((p) => f(p, ...rest) as number, x);
}
