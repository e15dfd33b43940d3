/**
 * The engine's sentences about how a run ended, as data: an id and its arguments (numbers, or
 * numbers already worded by `formatNumber`). The engine (src/core) knows no language — it runs
 * in worker threads — so it keeps `{ id, args }` beside the English it writes into `detail`
 * (`engineText` with no bundle configured is English), and each border words it in its own
 * language with the same function: the page and the host through their configured @vscode/l10n,
 * the CLI through `--lang`/`LANG`. The templates are `l10n.t` literals, so `npm run l10n:export`
 * extracts them and the bundle test asks for their Chinese like any other string.
 */
import * as l10n from '@vscode/l10n';

export const ENGINE_TEXT_IDS = [
  'lossNonFiniteAtStart',
  'lossNonFinite',
  'fullLossNonFiniteAtStart',
  'fullLossNonFinite',
  'gradientNonFiniteAtStart',
  'gradientNonFinite',
  'objectiveThrew',
  'metricsNotNumbers',
  'gradientConverged',
  'lossConverged',
  'paramsNonFinite',
  'lossExploded',
  'cancelled',
  'timedOut',
  'finderSmoothedExceeded',
  'fReadPastStart',
  'checkLossNonFinite',
  'finderSmoothedNonFinite',
  'maxIterations',
  'finalLossFailed',
  'gradReturnedWrongLength',
  'optimizerGradientLength',
  'loadHung',
  'callHung',
  'timeLimitDuringRun',
  'timeLimitDuringLoad',
  'outOfMemory',
  'outOfMemoryLoading',
  'outOfMemoryIn',
  'workerFailed',
  'workerExited',
  'linesNotShown',
  'errorAfterSteps',
  'mustReturnNumber',
  'gradMustReturnArray',
  'gradEntryNotNumber',
  'metricsReturnedNonObject',
  'metricsEntryNotNumber',
  'namedMetricsReturnedNonObject',
  'namedMetricsEntryNotNumber',
  'x0NotArray',
  'x0Empty',
  'x0EntryNotFinite',
  'startingPointNotArray',
  'startingPointEmpty',
  'startingPointEntryNotFinite',
  'configX0WrongLength',
  'objectiveX0WrongLength',
  'configX0EntryNotFinite',
  'objectiveX0EntryNotFinite',
  'unknownOptimizer',
  'unknownSchedule',
  'noOptimizerType',
  'noScheduleType',
  'unknownOption',
  'optionNumberInRange',
  'optionIntegerInRange',
  'optionNumber',
  'optionInteger',
  'optionPair',
  'optionBoolean',
  'optionOneOf',
  'exportsNoObjective',
  'exportsManyObjectives',
  'threwWhileLoaded',
  'noX0',
  'noStartingPoint',
  'optimizerNamed',
  'scheduleNamed',
  'finderNamed',
  'valueMissing',
  'valueNothing',
  'valueAnArray',
  'valueArrayOf',
  'valueAFunction',
  'valueAClass',
  'valueOfType',
  'valueObjectWithoutF',
  'optionNumberOrNull',
  'optionIntegerOrNull',
  'optionNumberInRangeOrNull',
  'optionIntegerInRangeOrNull',
  'optionOneOfOrNull',
  'optionNumberList',
  'optionListTooShort',
  'optionListIncreasing',
  'optionScheduleConfig',
  'optionScheduleType',
  'optionScheduleList',
  'optionScheduleListTooShort',
  'nestedUnknownSchedule',
  'nestedNoScheduleType',
  'scheduleConfigObject',
  'optimizerConfigObject',
  'milestonesOneFewer',
  'cyclicMaxLrBelowBase',
  'scheduleBaseLr',
  'nesterovNeedsMomentum',
  'unknownRunOption',
  'unknownFinderOption',
  'mustBeFiniteNumber',
  'mustBeNonNegative',
  'mustBePositive',
  'mustBeAboveOne',
  'mustBePositiveNumber',
  'mustBePositiveInteger',
  'mustBeInteger',
  'mustBeIntegerAtLeast',
  'finderNumItTooSmall',
  'mustBeTrueOrFalse',
  'mustBeNumberArray',
  'mustNotBeEmpty',
  'mustBeGradientSource',
  'mustHaveType',
  'mustBeObjectLike',
  'mustBeClip',
  'finderEndBelowStart',
  'noExportNamed',
  'noExportNamedNoObjective',
  'exportNotObjective',
  'fMustBeFunction',
  'gradMustBeFunction',
  'metricsMustBeFunction',
  'dataMustBeArray',
  'batchSizeMustBeInteger',
  'replacedModuleExports',
  'exactThrewWhileRecorded',
  'exactReturnedType',
  'exactNotTransformedBundle',
  'exactFileOptsOut',
  'exactTransformFailed',
  'exactNotTransformedOptOut',
  'exactNotTransformedForeign',
  'exactDisagrees',
  'exactCannotBeRecorded',
  'fThrewAtStart',
  'leakConstructs',
  'leakPassesTo',
  'leakBindsTo',
  'leakMapOrSetKey',
  'leakMapKey',
  'leakSetValue',
  'leakToString',
  'leakPlainNumber',
  'leakToJson',
  'leakTypedArray',
  'leakChangesX',
  'leakRandom',
  'leakIndex',
  'leakTypedArrayMethod',
  'leakReadsBytes',
  'leakWritesBytes',
  'batchSizeNoData',
  'checkPointWrongLength',
  'checkToleranceInvalid',
  'atWrongLength',
  'planeWrongLength',
  'lrGridEnds',
  'lrGridCount',
  'lrGridTooMany',
  'lrGridEntry',
  'sweepNeedsOneOfEach',
  'sweepTooManyCells',
  'iterationsInteger',
  'dataSetEmpty',
  'noParameters',
  'seedInteger',
  'batchDataEmpty',
  'batchSizeAtLeastOne',
  'checkNoGrad',
  'rpropEtas',
  'lbfgsMaxEval',
  'previewStepsInteger',
  'flavorNotModelled',
  'flavorUnknown',
  'explainUnknownName',
  'askTimedOut',
  'landscapeTimedOut',
  'checkNoGradient',
  'codeForFlavor',
  'runSetNotJson',
  'runSetInvalid',
  'runSetRun',
  'shapesNotList',
  'shapesEmpty',
  'shapesBlockInvalid',
  'shapeDimensionInvalid',
  'shapesWrongTotal',
  'parameterShapeOf',
  'numberListEmpty',
  'numberListEntryEmpty',
  'numberListEntryNotNumber',
  'numberListEntryNotFinite',
  'numberListEntryNotInteger',
  'pointWrongLength',
] as const;
export type EngineTextId = (typeof ENGINE_TEXT_IDS)[number];

/**
 * A sentence: its id and its arguments. An argument may itself be engine text (a word or phrase:
 * "optimizer adam.lr", "an array of 3"), worded in the same language before it fills its place.
 */
export interface EngineText {
  readonly id: EngineTextId;
  readonly args: (string | number | EngineText)[];
}

const IDS: ReadonlySet<string> = new Set(ENGINE_TEXT_IDS);

/** Whether `v` is engine text (the borders' parse: a message from a worker or a saved run). */
export function isEngineText(v: unknown): v is EngineText {
  if (v === null || typeof v !== 'object') return false;
  const { id, args } = v as { id?: unknown; args?: unknown };
  return typeof id === 'string' && IDS.has(id) && Array.isArray(args) && args.every((a) => typeof a === 'string' || typeof a === 'number' || isEngineText(a));
}

/** The sentence in the language @vscode/l10n is configured with (English when it is not). */
export function engineText(text: EngineText): string {
  const a = text.args.map((arg) => (typeof arg === 'object' ? engineText(arg) : arg));
  switch (text.id) {
    case 'lossNonFiniteAtStart':
      return l10n.t('f returned {0} at the starting point', a[0]!);
    case 'lossNonFinite':
      return l10n.t('f returned {0} at step {1}', a[0]!, a[1]!);
    case 'fullLossNonFiniteAtStart':
      return l10n.t('f returned {0} on the whole data set at the starting point', a[0]!);
    case 'fullLossNonFinite':
      return l10n.t('f returned {0} on the whole data set at step {1}', a[0]!, a[1]!);
    case 'gradientNonFiniteAtStart':
      return l10n.t('gradient component {0} (x[{0}]) is {1} at the starting point', a[0]!, a[1]!);
    case 'gradientNonFinite':
      return l10n.t('gradient component {0} (x[{0}]) is {1} at step {2}', a[0]!, a[1]!, a[2]!);
    case 'objectiveThrew':
      return l10n.t('{0} failed at step {1}: {2}', a[0]!, a[1]!, a[2]!);
    case 'metricsNotNumbers':
      return l10n.t('metrics must return an object of numbers like {0}, but {1}', '{ accuracy: 0.9 }', a[0]!);
    case 'gradientConverged':
      return a[2] === 1
        ? l10n.t('converged: the gradient norm {0} ≤ tolerance.gradNorm {1} after 1 step', a[0]!, a[1]!)
        : l10n.t('converged: the gradient norm {0} ≤ tolerance.gradNorm {1} after {2} steps', a[0]!, a[1]!, a[2]!);
    case 'lossConverged':
      return l10n.t('converged: the loss changed by {0} ≤ tolerance.lossChange {1} at step {2}', a[0]!, a[1]!, a[2]!);
    case 'paramsNonFinite':
      return l10n.t('parameters became {0} after step {1} (x[{2}])', a[0]!, a[1]!, a[2]!);
    case 'lossExploded':
      return l10n.t('loss exploded: {0} > {1} × max(1, |initial loss {2}|) at step {3}', a[0]!, a[1]!, a[2]!, a[3]!);
    case 'cancelled':
      return a[0] === 1 ? l10n.t('cancelled after 1 step') : l10n.t('cancelled after {0} steps', a[0]!);
    case 'timedOut':
      return a[0] === 1 ? l10n.t('stopped at the time limit after 1 step') : l10n.t('stopped at the time limit after {0} steps', a[0]!);
    case 'fReadPastStart':
      return a[2] === 1
        ? l10n.t('{0}: f reads x[{1}], but the starting point has 1 value (one per parameter)', a[0]!, a[1]!)
        : l10n.t('{0}: f reads x[{1}], but the starting point has {2} values (one per parameter)', a[0]!, a[1]!, a[2]!);
    case 'checkLossNonFinite':
      return l10n.t('f returned {0} at the point checked: its gradient cannot be checked there', a[0]!);
    case 'finderSmoothedExceeded':
      return l10n.t('the smoothed loss {0} exceeded {1} ({2} × the best, {3}) at step {4} (lr {5})', a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
    case 'finderSmoothedNonFinite':
      return l10n.t('the smoothed loss is {0} at step {1} (lr {2})', a[0]!, a[1]!, a[2]!);
    case 'maxIterations':
      return a[0] === 1 ? l10n.t('reached the iteration limit of 1 step') : l10n.t('reached the iteration limit of {0} steps', a[0]!);
    case 'finalLossFailed':
      return l10n.t('f failed at the final parameters: {0}', a[0]!);
    case 'gradReturnedWrongLength':
      return a[1] === 1
        ? l10n.t('{0}.grad returned 1 value, expected {1} (one per parameter)', a[0]!, a[2]!)
        : l10n.t('{0}.grad returned {1} values, expected {2} (one per parameter)', a[0]!, a[1]!, a[2]!);
    case 'optimizerGradientLength':
      return l10n.t('{0}: the gradient has {1} entries but there are {2} parameters', a[0]!, a[1]!, a[2]!);
    case 'loadHung':
      return l10n.t('{0} did not finish loading within {1} s (an endless loop at its top level?); raise it with --eval-time-limit or the lrlab.evalTimeLimitSeconds setting if it is merely slow', a[0]!, a[1]!);
    case 'callHung':
      return l10n.t('{0} did not return within {1} s (an endless loop?); raise it with --eval-time-limit or the lrlab.evalTimeLimitSeconds setting if it is merely slow', a[0]!, a[1]!);
    case 'timeLimitDuringRun':
      return a[1] === 1
        ? l10n.t('stopped at the time limit of {0} s after 1 step: the objective did not return in time', a[0]!)
        : l10n.t('stopped at the time limit of {0} s after {1} steps: the objective did not return in time', a[0]!, a[1]!);
    case 'timeLimitDuringLoad':
      return l10n.t('stopped at the time limit of {0} s: the file did not finish loading', a[0]!);
    case 'outOfMemory':
      return l10n.t('the objective ran out of memory: the heap limit is {0} MB (raise it with --memory-limit or the lrlab.memoryLimitMb setting)', a[0]!);
    case 'outOfMemoryLoading':
      return l10n.t('{0} ran out of memory while it was loaded (its top level): the heap limit is {1} MB (raise it with --memory-limit or the lrlab.memoryLimitMb setting)', a[0]!, a[1]!);
    case 'outOfMemoryIn':
      return l10n.t('{0} ran out of memory: the heap limit is {1} MB (raise it with --memory-limit or the lrlab.memoryLimitMb setting)', a[0]!, a[1]!);
    case 'workerFailed':
      return l10n.t('the worker running the objective failed: {0}', a[0]!);
    case 'workerExited':
      return l10n.t('the worker running the objective exited (code {0}) before it finished; does the objective call process.exit()?', a[0]!);
    case 'linesNotShown':
      return l10n.t('… {0} lines not shown', a[0]!);
    case 'errorAfterSteps':
      return a[1] === 1 ? l10n.t('{0} (after 1 step)', a[0]!) : l10n.t('{0} (after {1} steps)', a[0]!, a[1]!);
    case 'mustReturnNumber':
      return l10n.t('{0} must return a number, but it returned {1}', a[0]!, a[1]!);
    case 'gradMustReturnArray':
      return l10n.t('{0}.grad must return an array of {1} numbers, but it returned {2}', a[0]!, a[1]!, a[2]!);
    case 'gradEntryNotNumber':
      return l10n.t('{0}.grad returned {1} at index {2}; every entry must be a number', a[0]!, a[1]!, a[2]!);
    case 'metricsReturnedNonObject':
      return l10n.t('metrics must return an object of numbers like {0}, but it returned {1}', a[0]!, a[1]!);
    case 'metricsEntryNotNumber':
      return l10n.t('metrics must return an object of numbers like {0}, but "{1}" is {2}', a[0]!, a[1]!, a[2]!);
    case 'namedMetricsReturnedNonObject':
      return l10n.t('{0}.metrics must return an object of numbers like {1}, but it returned {2}', a[0]!, a[1]!, a[2]!);
    case 'namedMetricsEntryNotNumber':
      return l10n.t('{0}.metrics must return an object of numbers like {1}, but "{2}" is {3}', a[0]!, a[1]!, a[2]!, a[3]!);
    case 'x0NotArray':
      return l10n.t('{0}.x0 must be an array of numbers, but it is {1}', a[0]!, a[1]!);
    case 'x0Empty':
      return l10n.t('{0}.x0 is empty; it needs at least one number', a[0]!);
    case 'x0EntryNotFinite':
      return l10n.t('{0}.x0[{1}] must be a finite number (got {2})', a[0]!, a[1]!, a[2]!);
    case 'startingPointNotArray':
      return l10n.t('the starting point of {0} must be an array of numbers, but it is {1}', a[0]!, a[1]!);
    case 'startingPointEmpty':
      return l10n.t('the starting point of {0} is empty; it needs at least one number', a[0]!);
    case 'startingPointEntryNotFinite':
      return l10n.t('the starting point of {0}[{1}] must be a finite number (got {2})', a[0]!, a[1]!, a[2]!);
    case 'configX0WrongLength':
      if (a[1] === 1) return l10n.t('the run config x0 has 1 value but objective "{0}" has {1} parameters', a[0]!, a[2]!);
      if (a[2] === 1) return l10n.t('the run config x0 has {1} values but objective "{0}" has 1 parameter', a[0]!, a[1]!);
      return l10n.t('the run config x0 has {1} values but objective "{0}" has {2} parameters', a[0]!, a[1]!, a[2]!);
    case 'objectiveX0WrongLength':
      if (a[1] === 1) return l10n.t('objective "{0}" x0 has 1 value but objective "{0}" has {1} parameters', a[0]!, a[2]!);
      if (a[2] === 1) return l10n.t('objective "{0}" x0 has {1} values but objective "{0}" has 1 parameter', a[0]!, a[1]!);
      return l10n.t('objective "{0}" x0 has {1} values but objective "{0}" has {2} parameters', a[0]!, a[1]!, a[2]!);
    case 'configX0EntryNotFinite':
      return l10n.t('the run config x0[{1}] must be a finite number (got {2})', a[0]!, a[1]!, a[2]!);
    case 'objectiveX0EntryNotFinite':
      return l10n.t('objective "{0}" x0[{1}] must be a finite number (got {2})', a[0]!, a[1]!, a[2]!);
    case 'unknownOptimizer':
      return l10n.t('unknown optimizer {0}; valid optimizers: {1}', a[0]!, a[1]!);
    case 'unknownSchedule':
      return l10n.t('unknown schedule {0}; valid schedules: {1}', a[0]!, a[1]!);
    case 'noOptimizerType':
      return l10n.t('no optimizer "type" given; valid optimizers: {0}', a[0]!);
    case 'noScheduleType':
      return l10n.t('no schedule "type" given; valid schedules: {0}', a[0]!);
    case 'unknownOption':
      return l10n.t('unknown option "{0}" for {1}; valid options: {2}', a[0]!, a[1]!, a[2]!);
    case 'optionNumberInRange':
      return l10n.t('{0} must be a finite number in {1} (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optionIntegerInRange':
      return l10n.t('{0} must be an integer in {1} (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optionNumber':
      return l10n.t('{0} must be a finite number (got {1})', a[0]!, a[1]!);
    case 'optionInteger':
      return l10n.t('{0} must be an integer (got {1})', a[0]!, a[1]!);
    case 'optionPair':
      return l10n.t('{0} must be a pair [a, b] of numbers (got {1})', a[0]!, a[1]!);
    case 'optionBoolean':
      return l10n.t('{0} must be true or false (got {1})', a[0]!, a[1]!);
    case 'optionOneOf':
      return l10n.t('{0} must be one of {1} (got {2})', a[0]!, a[1]!, a[2]!);
    case 'exportsNoObjective':
      return l10n.t('{0} exports no objective: export a function {1} (with a {2} JSDoc tag) or an object {3}', a[0]!, a[1]!, a[2]!, a[3]!);
    case 'exportsManyObjectives':
      return l10n.t('{0} exports {1} objectives ({2}); choose one by name', a[0]!, a[1]!, a[2]!);
    case 'threwWhileLoaded':
      return l10n.t('{0} threw while it was loaded: {1}', a[0]!, a[1]!);
    case 'noX0':
      return l10n.t('{0} has no x0: add {1} to the object or pass --x0', a[0]!, a[1]!);
    case 'noStartingPoint':
      return l10n.t('{0} has no starting point: add a JSDoc tag {1} or pass --x0', a[0]!, a[1]!);
    case 'optimizerNamed':
      return l10n.t('optimizer {0}', a[0]!);
    case 'scheduleNamed':
      return l10n.t('schedule {0}', a[0]!);
    case 'finderNamed':
      return l10n.t('lr finder {0}', a[0]!);
    case 'valueMissing':
      return l10n.t('missing');
    case 'valueNothing':
      return l10n.t('nothing');
    case 'valueAnArray':
      return l10n.t('an array');
    case 'valueArrayOf':
      return l10n.t('an array of {0}', a[0]!);
    case 'valueAFunction':
      return l10n.t('a function');
    case 'valueAClass':
      return l10n.t('a class');
    case 'valueOfType':
      return l10n.t('a {0}', a[0]!);
    case 'valueObjectWithoutF':
      return l10n.t('an object without an f property');
    case 'optionNumberOrNull':
      return l10n.t('{0} must be a finite number or null (got {1})', a[0]!, a[1]!);
    case 'optionIntegerOrNull':
      return l10n.t('{0} must be an integer or null (got {1})', a[0]!, a[1]!);
    case 'optionNumberInRangeOrNull':
      return l10n.t('{0} must be a finite number in {1} or null (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optionIntegerInRangeOrNull':
      return l10n.t('{0} must be an integer in {1} or null (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optionOneOfOrNull':
      return l10n.t('{0} must be one of {1} or null (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optionNumberList':
      return l10n.t('{0} must be an array of numbers (got {1})', a[0]!, a[1]!);
    case 'optionListTooShort':
      return l10n.t('{0} must have at least {1} element(s) (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optionListIncreasing':
      return l10n.t('{0} must be strictly increasing (got {1})', a[0]!, a[1]!);
    case 'optionScheduleConfig':
      return l10n.t('{0} must be a schedule config object with a "type" (got {1})', a[0]!, a[1]!);
    case 'optionScheduleType':
      return l10n.t('{0} must be a schedule config with a "type" (got {1})', a[0]!, a[1]!);
    case 'optionScheduleList':
      return l10n.t('{0} must be an array of schedule configs (got {1})', a[0]!, a[1]!);
    case 'optionScheduleListTooShort':
      return l10n.t('{0} must have at least {1} schedule(s) (got {2})', a[0]!, a[1]!, a[2]!);
    case 'nestedUnknownSchedule':
      return l10n.t('{0}: unknown schedule {1}; valid schedules: {2}', a[0]!, a[1]!, a[2]!);
    case 'nestedNoScheduleType':
      return l10n.t('{0}: no schedule "type" given; valid schedules: {1}', a[0]!, a[1]!);
    case 'scheduleConfigObject':
      return l10n.t('{0} must be a schedule config object like {1} (got {2})', a[0]!, a[1]!, a[2]!);
    case 'optimizerConfigObject':
      return l10n.t('optimizer must be an optimizer config object like {0} (got {1})', a[0]!, a[1]!);
    case 'milestonesOneFewer':
      return l10n.t('{0}.milestones must have one entry fewer than schedules (got {1} schedule(s) and {2} milestone(s))', a[0]!, a[1]!, a[2]!);
    case 'cyclicMaxLrBelowBase':
      return l10n.t('{0}.maxLr must be ≥ baseLr (got maxLr {1} and baseLr {2})', a[0]!, a[1]!, a[2]!);
    case 'scheduleBaseLr':
      return l10n.t('the base lr of schedule {0} must be a finite number ≥ 0 (got {1})', a[0]!, a[1]!);
    case 'nesterovNeedsMomentum':
      return l10n.t('{0}: nesterov requires momentum > 0 and dampening = 0 (got momentum {1}, dampening {2})', a[0]!, a[1]!, a[2]!);
    case 'unknownRunOption':
      return l10n.t('unknown run option {0}; valid options: {1}', a[0]!, a[1]!);
    case 'unknownFinderOption':
      return l10n.t('unknown lr finder option {0}; valid options: {1}', a[0]!, a[1]!);
    case 'mustBeFiniteNumber':
      return l10n.t('{0} must be a finite number', a[0]!);
    case 'mustBeNonNegative':
      return l10n.t('{0} must be ≥ 0', a[0]!);
    case 'mustBePositive':
      return l10n.t('{0} must be > 0', a[0]!);
    case 'mustBeAboveOne':
      return l10n.t('{0} must be > 1', a[0]!);
    case 'mustBePositiveNumber':
      return l10n.t('{0} must be a number > 0', a[0]!);
    case 'mustBePositiveInteger':
      return l10n.t('{0} must be a positive integer', a[0]!);
    case 'mustBeInteger':
      return l10n.t('{0} must be an integer', a[0]!);
    case 'mustBeIntegerAtLeast':
      return l10n.t('{0} must be an integer ≥ {1}', a[0]!, a[1]!);
    case 'finderNumItTooSmall':
      return l10n.t('{0} must be an integer ≥ {1} (the suggestions drop the first tenth and the last 5 steps)', a[0]!, a[1]!);
    case 'mustBeTrueOrFalse':
      return l10n.t('{0} must be true or false', a[0]!);
    case 'mustBeNumberArray':
      return l10n.t('{0} must be an array of numbers', a[0]!);
    case 'mustNotBeEmpty':
      return l10n.t('{0} must not be empty', a[0]!);
    case 'mustBeGradientSource':
      return l10n.t('{0} must be "auto", "exact" or "numeric"', a[0]!);
    case 'mustHaveType':
      return l10n.t('{0} must have a "type"', a[0]!);
    case 'mustBeObjectLike':
      return l10n.t('{0} must be an object like {1}', a[0]!, a[1]!);
    case 'mustBeClip':
      return l10n.t('{0} must be {1} or {2} with N > 0, or null', a[0]!, a[1]!, a[2]!);
    case 'finderEndBelowStart':
      return l10n.t("the lr finder's endLr ({0}) must be larger than its startLr ({1})", a[0]!, a[1]!);
    case 'noExportNamed':
      return l10n.t('{0} has no export named "{1}"; its objectives are {2}', a[0]!, a[1]!, a[2]!);
    case 'noExportNamedNoObjective':
      return l10n.t('{0} has no export named "{1}"; it exports no objective (export a function {2} (with a {3} JSDoc tag) or an object {4})', a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 'exportNotObjective':
      return l10n.t('export "{0}" of {1} is not an objective (it is {2}); export a function {3} (with a {4} JSDoc tag) or an object {5}', a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
    case 'fMustBeFunction':
      return l10n.t('{0}.f must be a function {1}, but it is {2}', a[0]!, a[1]!, a[2]!);
    case 'gradMustBeFunction':
      return l10n.t('{0}.grad must be a function {1}, but it is {2}', a[0]!, a[1]!, a[2]!);
    case 'metricsMustBeFunction':
      return l10n.t('{0}.metrics must be a function {1}, but it is {2}', a[0]!, a[1]!, a[2]!);
    case 'dataMustBeArray':
      return l10n.t('{0}.data must be an array of data items, but it is {1}', a[0]!, a[1]!);
    case 'batchSizeMustBeInteger':
      return l10n.t('{0}.batchSize must be an integer ≥ 1 (got {1})', a[0]!, a[1]!);
    case 'replacedModuleExports':
      return l10n.t('{0} replaced module.exports with {1}; export objectives with {2}', a[0]!, a[1]!, a[2]!);
    case 'exactThrewWhileRecorded':
      return l10n.t('the objective threw only while its gradient was recorded ({0})', a[0]!);
    case 'exactReturnedType':
      return l10n.t('the objective returned {0} while its gradient was recorded', a[0]!);
    case 'exactNotTransformedBundle':
      return l10n.t('the objective was bundled without the autodiff transform');
    case 'exactFileOptsOut':
      return l10n.t('the file opts out with {0}', a[0]!);
    case 'exactTransformFailed':
      return l10n.t('LR Lab could not transform the file ({0})', a[0]!);
    case 'exactNotTransformedOptOut':
      return l10n.t('{0} is not code LR Lab transformed: its file opts out with {1}', a[0]!, a[1]!);
    case 'exactNotTransformedForeign':
      return l10n.t('{0} is not code LR Lab transformed: it comes from an npm package, is async or a generator, or is not in a file LR Lab bundled', a[0]!);
    case 'exactDisagrees':
      return l10n.t('the recorded gradient disagrees with finite differences near the starting point (derivative along a random direction: {0} exact vs {1} by central differences); is f a pure function of x?', a[0]!, a[1]!);
    case 'exactCannotBeRecorded':
      return l10n.t('the exact gradient cannot be recorded: {0}', a[0]!);
    case 'fThrewAtStart':
      return l10n.t('f threw at the starting point ({0})', a[0]!);
    case 'leakConstructs':
      return l10n.t('constructs {0}, which LR Lab cannot see into (an npm package, a Node module or a file without the transform)', a[0]!);
    case 'leakPassesTo':
      return l10n.t('passes a value that depends on the parameters to {0}, which LR Lab cannot see into (an npm package, a Node module or a file without the transform)', a[0]!);
    case 'leakBindsTo':
      return l10n.t('binds a value that depends on the parameters to {0}, which LR Lab cannot see into (an npm package, a Node module or a file without the transform)', a[0]!);
    case 'leakMapOrSetKey':
      return l10n.t('uses a value that depends on the parameters as a Map or Set key');
    case 'leakMapKey':
      return l10n.t('uses a value that depends on the parameters as a Map key');
    case 'leakSetValue':
      return l10n.t('puts a value that depends on the parameters into a Set');
    case 'leakToString':
      return l10n.t('turns a value that depends on the parameters into a string');
    case 'leakPlainNumber':
      return l10n.t('passes a value that depends on the parameters to code LR Lab did not transform, which reads it as a plain number');
    case 'leakToJson':
      return l10n.t('turns a value that depends on the parameters into JSON');
    case 'leakTypedArray':
      return l10n.t('stores a value that depends on the parameters into a typed array LR Lab cannot attach its shadow to (a non-extensible typed array)');
    case 'leakChangesX':
      return l10n.t('changes the parameter array x in a way LR Lab cannot follow');
    case 'leakRandom':
      return l10n.t('calls Math.random(), so the objective is not a function of the parameters alone');
    case 'leakIndex':
      return l10n.t('uses a value that depends on the parameters as an array index or property key');
    case 'leakTypedArrayMethod':
      return l10n.t('calls {0}.prototype.{1} on values that depend on the parameters, which LR Lab does not follow', a[0]!, a[1]!);
    case 'leakReadsBytes':
      return l10n.t('reads the bytes of a value that depends on the parameters through another view of its buffer ({0}), which LR Lab does not follow', a[0]!);
    case 'leakWritesBytes':
      return l10n.t('writes over part of a value that depends on the parameters through another view of its buffer ({0}), which LR Lab does not follow', a[0]!);
    case 'batchSizeNoData':
      return l10n.t('batchSize {0} is for objectives with data (the mini-batch form); objective "{1}" has none, so every step evaluates all of f', a[0]!, a[1]!);
    case 'checkPointWrongLength':
      if (a[0] === 1) return l10n.t('gradient check point has 1 value but objective "{0}" has {1} parameters', a[1]!, a[2]!);
      if (a[2] === 1) return l10n.t('gradient check point has {0} values but objective "{1}" has 1 parameter', a[0]!, a[1]!);
      return l10n.t('gradient check point has {0} values but objective "{1}" has {2} parameters', a[0]!, a[1]!, a[2]!);
    case 'checkToleranceInvalid':
      return l10n.t('gradient check tolerance must be a finite number > 0 (got {0})', a[0]!);
    case 'atWrongLength':
      if (a[0] === 1) return l10n.t('--at has 1 value but objective "{0}" has {1} parameters', a[1]!, a[2]!);
      if (a[2] === 1) return l10n.t('--at has {0} values but objective "{1}" has 1 parameter', a[0]!, a[1]!);
      return l10n.t('--at has {0} values but objective "{1}" has {2} parameters', a[0]!, a[1]!, a[2]!);
    case 'planeWrongLength':
      return l10n.t('the landscape plane has {0} coordinates but objective "{1}" has {2} parameters', a[0]!, a[1]!, a[2]!);
    case 'lrGridEnds':
      return l10n.t('lr grid {0}: both ends of a:b:n must be numbers > 0 (log-spaced)', a[0]!);
    case 'lrGridCount':
      return l10n.t('lr grid {0}: the count n of a:b:n must be an integer ≥ 1', a[0]!);
    case 'lrGridTooMany':
      return l10n.t('lr grid {0}: at most {1} values', a[0]!, a[1]!);
    case 'lrGridEntry':
      return l10n.t('lr grid {0}: {1} is not a learning rate (a number > 0); write a:b:n (log-spaced) or a list', a[0]!, a[1]!);
    case 'sweepNeedsOneOfEach':
      return l10n.t('a sweep needs at least one lr, optimizer, schedule and seed');
    case 'sweepTooManyCells':
      return l10n.t('the sweep has {0} cells; at most {1}', a[0]!, a[1]!);
    case 'iterationsInteger':
      return l10n.t('iterations must be an integer ≥ 0 (got {0})', a[0]!);
    case 'dataSetEmpty':
      return l10n.t('objective "{0}" has an empty data set; mini-batch form needs at least one item', a[0]!);
    case 'noParameters':
      return l10n.t('objective "{0}" must have at least one parameter (dim is {1})', a[0]!, a[1]!);
    case 'seedInteger':
      return l10n.t('seed must be an integer (got {0})', a[0]!);
    case 'batchDataEmpty':
      return l10n.t('the mini-batch data set is empty; it needs at least one item');
    case 'batchSizeAtLeastOne':
      return l10n.t('batchSize must be an integer ≥ 1 (got {0})', a[0]!);
    case 'checkNoGrad':
      return l10n.t('objective "{0}" has no grad to check; only objectives with an exact gradient can be checked against finite differences', a[0]!);
    case 'rpropEtas':
      return l10n.t('{0}.etas must be [η⁻, η⁺] with 0 < η⁻ < 1 < η⁺ (got [{1}, {2}])', a[0]!, a[1]!, a[2]!);
    case 'lbfgsMaxEval':
      return l10n.t('{0}.maxEval must be at least 1', a[0]!);
    case 'previewStepsInteger':
      return l10n.t('schedule preview steps must be an integer ≥ 0 (got {0})', a[0]!);
    case 'flavorNotModelled':
      return l10n.t("optimizer {0}.flavor: {1}'s version of {0} is not modelled; {0} has {2}", a[0]!, a[1]!, a[2]!);
    case 'flavorUnknown':
      return l10n.t('optimizer {0}.flavor: unknown flavor {1}; {0} has {2}', a[0]!, a[1]!, a[2]!);
    case 'explainUnknownName':
      return l10n.t('no optimizer or schedule {0}; optimizers: {1}; schedules: {2}', a[0]!, a[1]!, a[2]!);
    case 'askTimedOut':
      return l10n.t('{0} did not answer within the time limit of {1} s', a[0]!, a[1]!);
    case 'landscapeTimedOut':
      return l10n.t('the landscape of {0} × {1} points did not finish within the time limit of {2} s', a[0]!, a[1]!, a[2]!);
    case 'checkNoGradient':
      return l10n.t('{0} has no gradient to check: it has no grad, and its exact gradient cannot be recorded ({1})', a[0]!, a[1]!);
    case 'codeForFlavor':
      return l10n.t("optimizer {0}: code is generated for PyTorch's rule only, not flavor {1}", a[0]!, a[1]!);
    case 'runSetNotJson':
      return l10n.t('not valid JSON: {0}', a[0]!);
    case 'runSetInvalid':
      return l10n.t('not an LR Lab run set: {0}', a[0]!);
    case 'runSetRun':
      return l10n.t('run {0} ({1}): {2}', a[0]!, a[1]!, a[2]!);
    case 'shapesNotList':
      return l10n.t('{0} must be a list of block shapes, e.g. [[8, 4], [8]] for an 8 × 4 matrix followed by a vector of 8 (got {1})', a[0]!, a[1]!);
    case 'shapesEmpty':
      return l10n.t('{0} must list at least one block, e.g. [[8, 4], [8]] for an 8 × 4 matrix followed by a vector of 8', a[0]!);
    case 'shapesBlockInvalid':
      return l10n.t('{0}[{1}] must be a list of integer dimensions ≥ 1, e.g. [[8, 4], [8]] for an 8 × 4 matrix followed by a vector of 8 (got {2})', a[0]!, a[1]!, a[2]!);
    case 'shapeDimensionInvalid':
      return l10n.t('{0}{1} is {2}, but a dimension of a block must be an integer ≥ 1, e.g. [[8, 4], [8]] for an 8 × 4 matrix followed by a vector of 8', a[0]!, a[1]!, a[2]!);
    case 'shapesWrongTotal':
      return l10n.t('{0} holds {1} = {2} numbers, but there are {3} parameters', a[0]!, a[1]!, a[2]!, a[3]!);
    case 'parameterShapeOf':
      return l10n.t('the parameter shape of {0}', a[0]!);
    case 'numberListEmpty':
      return l10n.t('{0} has no numbers; write e.g. {1}', a[0]!, a[1]!);
    case 'numberListEntryEmpty':
      return l10n.t('{0}: entry {1} of {2} is empty; write e.g. {3}', a[0]!, a[1]!, a[2]!, a[3]!);
    case 'numberListEntryNotNumber':
      return l10n.t('{0}: entry {1} of {2}, {3}, is not a number; write e.g. {4}', a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 'numberListEntryNotFinite':
      return l10n.t('{0}: entry {1} of {2}, {3}, is not a finite number; write e.g. {4}', a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 'numberListEntryNotInteger':
      return l10n.t('{0}: entry {1} of {2}, {3}, is not an integer; write e.g. {4}', a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 'pointWrongLength':
      if (a[1] === 1) return l10n.t('{0} has 1 value, but objective "{1}" has {2} parameters (its x0 has {2} values)', a[0]!, a[2]!, a[3]!);
      if (a[3] === 1) return l10n.t('{0} has {1} values, but objective "{2}" has 1 parameter (its x0 has 1 value)', a[0]!, a[1]!, a[2]!);
      return l10n.t('{0} has {1} values, but objective "{2}" has {3} parameters (its x0 has {3} values)', a[0]!, a[1]!, a[2]!, a[3]!);
  }
}

/** The sentences that quote an error's message, and the argument that holds it. */
const QUOTED_ERROR_ARG: Partial<Record<EngineTextId, number>> = { objectiveThrew: 2, finalLossFailed: 0, errorAfterSteps: 0 };

/**
 * A border's wording of a run's detail: its EngineText in the border's language, else the engine's
 * sentence as it came. A detail that quotes `error`'s message ("grad failed at step 1: …") words
 * that message too when the engine worded it; a message from the user's own code stays verbatim.
 */
export function localizedDetail(detail: string, text: EngineText | undefined, error?: { readonly message: string; readonly text?: EngineText | undefined }): string {
  if (!text) return error?.text !== undefined && detail === error.message ? engineText(error.text) : detail;
  const at = QUOTED_ERROR_ARG[text.id];
  if (at === undefined || error?.text === undefined || text.args[at] !== error.message) return engineText(text);
  const args = [...text.args];
  args[at] = engineText(error.text);
  return engineText({ id: text.id, args });
}
