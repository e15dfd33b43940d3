/**
 * Which exports of the evaluated module are objectives, and which one a request means.
 * At run time there are no types, so the rule is looser than discovery's:
 *  - a function taking exactly one parameter (`fn.length === 1`, not a class): plain form;
 *  - an object with an `f` property: object form (a bad `f` is then reported, not skipped).
 * An export named explicitly may be any function.
 */
import * as path from 'node:path';
import { LrLabError } from '../../errors';
import type { EngineText } from '../../../shared/engineText';
import type { ObjectiveForm } from '../../objective';

export interface Candidate {
  readonly name: string;
  readonly form: ObjectiveForm;
  readonly value: unknown;
}

function isClass(fn: Function): boolean {
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    return false;
  }
}

function formOf(value: unknown, named: boolean): ObjectiveForm | null {
  if (typeof value === 'function') return !isClass(value) && (named || value.length === 1) ? 'function' : null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'f' in value) return 'object';
  return null;
}

/** The module's objectives, in export order. */
export function objectiveCandidates(exports: Record<string, unknown>): Candidate[] {
  const out: Candidate[] = [];
  for (const name of Object.keys(exports)) {
    const value = exports[name];
    const form = formOf(value, false);
    if (form !== null) out.push({ name, form, value });
  }
  return out;
}

/** The code of the objective shapes the sentences that name them quote (the code stays as it is in every language). */
const SHAPE_CODE = ['`(x: number[]) => number`', '`@x0 [...]`', '`{ x0: [...], f(x) { ... } }`'] as const;

/**
 * The objective `name` (or the file's only one), else an LrLabError naming what exists:
 * 'objectiveNotFound' when the file has no objective at all (a problem of the file),
 * 'invalidConfig' when the request names an export that is not there or names none among
 * several (a problem of the request: `lrlab` exits 2 as for any bad flag), 'invalidObjective'
 * when the named export is not an objective.
 */
export function chooseObjective(exports: Record<string, unknown>, name: string | null, file: string): Candidate {
  const base = path.basename(file);
  const candidates = objectiveCandidates(exports);
  const names = candidates.map((c) => c.name);
  if (name === null) {
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) throw LrLabError.worded('objectiveNotFound', { id: 'exportsNoObjective', args: [base, ...SHAPE_CODE] });
    throw LrLabError.worded('invalidConfig', { id: 'exportsManyObjectives', args: [base, candidates.length, names.join(', ')] });
  }
  if (!Object.prototype.hasOwnProperty.call(exports, name)) {
    throw LrLabError.worded('invalidConfig', names.length ? { id: 'noExportNamed', args: [base, name, names.join(', ')] } : { id: 'noExportNamedNoObjective', args: [base, name, ...SHAPE_CODE] });
  }
  const value = exports[name];
  const form = formOf(value, true);
  if (form === null) {
    throw LrLabError.worded('invalidObjective', { id: 'exportNotObjective', args: [name, base, describeKind(value), ...SHAPE_CODE] });
  }
  return { name, form, value };
}

/** What an export that is no objective is, in words each border says in its language. */
export function describeKind(value: unknown): string | EngineText {
  if (value === null) return 'null';
  if (Array.isArray(value)) return { id: 'valueAnArray', args: [] };
  if (typeof value === 'function') return { id: isClass(value) ? 'valueAClass' : 'valueAFunction', args: [] };
  if (typeof value === 'object') return { id: 'valueObjectWithoutF', args: [] };
  return typeof value === 'undefined' ? 'undefined' : { id: 'valueOfType', args: [typeof value] };
}
