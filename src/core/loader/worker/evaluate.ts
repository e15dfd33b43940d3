/**
 * Evaluate the bundled user file as a CommonJS module in the worker's own context, so its
 * arrays are ordinary arrays of this realm. The script's filename is the user's path, and
 * its frames are mapped back to the user's lines (see sourceMap.ts).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { runtime } from '../../autodiff/runtime';
import { LrLabError } from '../../errors';
import { describeObjectiveError } from '../../minimize';
import { PART_LOAD, type EvalGauge } from '../evalGauge';
import type { BundleLocator } from './sourceMap';

export interface EvaluatedModule {
  /** `module.exports` after evaluation. */
  readonly exports: Record<string, unknown>;
  /** The function wrapping the bundle (its definition site identifies the bundle's script). */
  readonly wrapper: unknown;
}

/**
 * Run the bundle (its top level is gauged as 'load'); what it throws becomes
 * LrLabError('loadError') at the throwing line. A bundle made with the autodiff transform
 * reaches its runtime through an extra parameter of the wrapper (named as the transform named it).
 */
export function evaluateBundle(locator: BundleLocator, gauge: EvalGauge): EvaluatedModule {
  const { file, code, autodiff } = locator.bundle;
  const runtimeNames = autodiff?.runtimeNames ?? [];
  const wrapper = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname', ...runtimeNames], { filename: file });
  const module = { exports: {} as Record<string, unknown> };
  gauge.enter(PART_LOAD);
  try {
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), ...runtimeNames.map(() => runtime));
  } catch (error) {
    throw LrLabError.worded('loadError', { id: 'threwWhileLoaded', args: [path.basename(file), describeObjectiveError(error).message] }, locator.locateError(error));
  } finally {
    gauge.leave();
  }
  const exports = module.exports;
  if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) {
    throw LrLabError.worded('loadError', { id: 'replacedModuleExports', args: [path.basename(file), exports === null ? 'null' : typeof exports, '`export`'] });
  }
  return { exports, wrapper };
}
