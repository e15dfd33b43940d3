/**
 * The learning-rate finder (fastai's `lr_find` range test): config, the test the worker runs,
 * the smoothing, stop rule and suggestions, and the result.
 */
export { finderRunConfig, FINDER_DEFAULTS, MIN_NUM_IT, rampOf, resolveFinderConfig, type FinderConfig, type RawFinderConfig } from './config';
export { rampLr, rampSchedule, type Ramp } from './ramp';
export { rangeTest } from './rangeTest';
export { finderResult, finderStopReason, type FinderResult, type FinderStopReason } from './result';
export { FASTAI_SMOOTHING, smoothLosses, SmoothedLoss } from './smoothing';
export { divergenceThreshold, DivergenceWatch, FASTAI_STOP_FACTOR } from './stopRule';
export { minimum, steep, suggestionWindow, suggestLrs, SUGGESTION_RULES, valley, type Suggestion, type SuggestionRule, type Suggestions } from './suggestions';
