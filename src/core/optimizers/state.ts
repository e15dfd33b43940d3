/**
 * Optimizer state to and from JSON: PyTorch's `state_dict` / `load_state_dict` for one
 * parameter vector. Buffers become arrays of numbers; JSON writes each float64 as its
 * shortest round-trip decimal, so a run that is saved, loaded and continued takes exactly the
 * steps it would have taken uninterrupted. (JSON has no −0: a −0 entry loads as 0, which can
 * at most flip the sign of a parameter that is exactly zero.)
 */
import { LrLabError } from '../errors';
import { messageValue } from '../messageValue';
import type { Optimizer, OptimizerState, OptimizerStateJSON } from './types';

const TOP_LEVEL = ['type', 'step', 'buffers', 'scalars'];

/** A value as the state's messages quote it (NaN and ±Infinity as such; "got nothing" for a missing one). */
function describe(v: unknown): string {
  return messageValue(v, 'nothing');
}

function invalid(message: string): LrLabError {
  return new LrLabError('invalidState', message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function isStep(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function list(names: readonly string[]): string {
  return names.length ? names.join(', ') : '(none)';
}

/**
 * The JSON form of `state` (PyTorch's `state_dict` for one parameter tensor): the step count,
 * each Float64Array as a list of numbers, each other number as a scalar. Throws
 * LrLabError('invalidState') on a NaN or ±Infinity (JSON cannot hold them) or a field that is
 * neither a buffer nor a number.
 */
export function saveOptimizerState(type: string, state: OptimizerState): OptimizerStateJSON {
  if (!isStep(state.step)) throw invalid(`cannot save ${type} state: step must be a non-negative integer (got ${describe(state.step)})`);
  const buffers: Record<string, number[]> = {};
  const scalars: Record<string, number> = {};
  for (const [name, value] of Object.entries(state)) {
    if (name === 'step') continue;
    if (value instanceof Float64Array) {
      const bad = value.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw invalid(`cannot save ${type} state: ${name}[${bad}] is ${value[bad]}, and JSON has no NaN or Infinity (did the run diverge?)`);
      buffers[name] = Array.from(value);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw invalid(`cannot save ${type} state: ${name} is ${value}, and JSON has no NaN or Infinity (did the run diverge?)`);
      scalars[name] = value;
    } else {
      throw invalid(`cannot save ${type} state: field "${name}" must be a Float64Array or a number (got ${describe(value)})`);
    }
  }
  return { type, step: state.step, buffers, scalars };
}

/**
 * Fresh state for `dim` parameters filled from `json` (PyTorch's `load_state_dict`). Checks
 * that the state belongs to this optimizer, that it has exactly the buffers and scalars
 * `optimizer.init(dim)` has, with the same lengths, and that every number is finite; throws
 * LrLabError('invalidState') that says what does not fit.
 */
export function loadOptimizerState(optimizer: Optimizer, json: unknown, dim: number): OptimizerState {
  const type = optimizer.type;
  if (!isRecord(json)) throw invalid(`optimizer state must be an object {"type", "step", "buffers", "scalars"} (got ${describe(json)})`);
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.includes(key)) throw invalid(`unknown field "${key}" in optimizer state; valid fields: ${TOP_LEVEL.join(', ')}`);
  }
  if (json.type !== type) throw invalid(`optimizer state is for ${describe(json.type)}, but the optimizer is "${type}"`);
  if (!isStep(json.step)) throw invalid(`${type} state: step must be a non-negative integer (got ${describe(json.step)})`);

  const fresh = optimizer.init(dim);
  const target = fresh as unknown as Record<string, unknown>;
  const bufferNames = Object.keys(target).filter((k) => target[k] instanceof Float64Array);
  const scalarNames = Object.keys(target).filter((k) => k !== 'step' && typeof target[k] === 'number');

  const buffers = json.buffers ?? {};
  const scalars = json.scalars ?? {};
  if (!isRecord(buffers)) throw invalid(`${type} state: buffers must be an object of number lists (got ${describe(buffers)})`);
  if (!isRecord(scalars)) throw invalid(`${type} state: scalars must be an object of numbers (got ${describe(scalars)})`);
  for (const name of Object.keys(buffers)) {
    if (!bufferNames.includes(name)) throw invalid(`${type} state has an unknown buffer "${name}"; ${type} keeps: ${list(bufferNames)}`);
  }
  for (const name of Object.keys(scalars)) {
    if (!scalarNames.includes(name)) throw invalid(`${type} state has an unknown scalar "${name}"; ${type} keeps: ${list(scalarNames)}`);
  }

  for (const name of bufferNames) {
    const into = target[name] as Float64Array;
    const given = buffers[name];
    if (!Array.isArray(given)) {
      throw invalid(given === undefined ? `${type} state has no buffer "${name}" (expected: ${list(bufferNames)})` : `${type} state buffer "${name}" must be a list of numbers (got ${describe(given)})`);
    }
    if (given.length !== into.length) {
      const why = into.length === dim ? `one per parameter, ${dim} parameters` : `these options keep no ${name}`;
      throw invalid(`${type} state buffer "${name}" has ${given.length} entries, expected ${into.length} (${why})`);
    }
    for (let i = 0; i < given.length; i++) {
      const x: unknown = given[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw invalid(`${type} state buffer "${name}"[${i}] must be a finite number (got ${describe(x)})`);
      into[i] = x;
    }
  }
  for (const name of scalarNames) {
    const x = scalars[name];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw invalid(x === undefined ? `${type} state has no scalar "${name}" (expected: ${list(scalarNames)})` : `${type} state scalar "${name}" must be a finite number (got ${describe(x)})`);
    }
    target[name] = x;
  }
  fresh.step = json.step;
  return fresh;
}
