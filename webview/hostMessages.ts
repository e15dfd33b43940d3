/**
 * Structural checks of what arrives from the host. The host is trusted, but a version skew
 * or a bug there must not break the page: a malformed message is logged and dropped, never
 * thrown on. Number arrays are not scanned here; the runs model skips non-finite entries
 * (JSON turns NaN into null on the way).
 */
import type { Catalog, CatalogEntry, CatalogOption, ControlValues, HostToWebview, PanelContext, RunMeta, RunOutcomeMessage, RunSnapshot, SeriesChunk } from '../src/shared/protocol';

export type CheckResult = { ok: true; message: HostToWebview } | { ok: false; error: string };

type Rec = Record<string, unknown>;

const isRecord = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumberOrNull = (x: unknown): boolean => x === null || typeof x === 'number';
const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

const OPTION_KINDS = new Set(['number', 'boolean', 'enum', 'numberList', 'pair', 'schedule', 'scheduleList']);
const STOP_REASONS = new Set(['maxIterations', 'converged', 'diverged', 'error', 'timeout', 'cancelled']);

function isLocation(x: unknown): boolean {
  return isRecord(x) && isString(x.file) && isNumber(x.line) && (x.column === undefined || isNumber(x.column));
}

function isTypedConfig(x: unknown): boolean {
  return isRecord(x) && isString(x.type);
}

export function isControlValues(x: unknown): x is ControlValues {
  return isRecord(x) && isTypedConfig(x.optimizer) && isTypedConfig(x.schedule) && isNumber(x.iterations);
}

function isObjectiveRef(x: unknown): boolean {
  return isRecord(x) && isString(x.file) && isString(x.label) && isString(x.name);
}

export function isPanelContext(x: unknown): x is PanelContext {
  return (
    isRecord(x) &&
    (x.objective === null || isObjectiveRef(x.objective)) &&
    isStringArray(x.objectives) &&
    typeof x.trusted === 'boolean' &&
    (x.notice === null || isString(x.notice))
  );
}

function isCatalogOption(x: unknown): x is CatalogOption {
  return isRecord(x) && isString(x.name) && isString(x.kind) && OPTION_KINDS.has(x.kind) && isString(x.doc) && (x.values === undefined || isStringArray(x.values));
}

function isCatalogEntry(x: unknown): x is CatalogEntry {
  return isRecord(x) && isString(x.type) && isString(x.title) && Array.isArray(x.options) && x.options.every(isCatalogOption);
}

export function isCatalog(x: unknown): x is Catalog {
  return isRecord(x) && Array.isArray(x.optimizers) && x.optimizers.every(isCatalogEntry) && Array.isArray(x.schedules) && x.schedules.every(isCatalogEntry);
}

export function isRunMeta(x: unknown): x is RunMeta {
  return (
    isRecord(x) &&
    isString(x.id) &&
    isString(x.label) &&
    isNumber(x.colorIndex) &&
    isObjectiveRef(x.objective) &&
    isRecord(x.config) &&
    (x.gradient === 'user' || x.gradient === 'numeric') &&
    isNumber(x.dim)
  );
}

export function isSeriesChunk(x: unknown): x is SeriesChunk {
  return (
    isRecord(x) &&
    isNumber(x.firstStep) &&
    Array.isArray(x.lr) &&
    Array.isArray(x.loss) &&
    Array.isArray(x.gradNorm) &&
    (x.metrics === undefined || (isRecord(x.metrics) && Object.values(x.metrics).every(Array.isArray)))
  );
}

export function isOutcome(x: unknown): x is RunOutcomeMessage {
  return (
    isRecord(x) &&
    isString(x.stopReason) &&
    STOP_REASONS.has(x.stopReason) &&
    isString(x.detail) &&
    isNumber(x.steps) &&
    isNumber(x.wallTimeMs) &&
    isNumberOrNull(x.finalLoss) &&
    (x.bestLoss === undefined || isNumberOrNull(x.bestLoss)) &&
    (x.error === undefined || (isRecord(x.error) && isString(x.error.message) && (x.error.location === undefined || isLocation(x.error.location))))
  );
}

function isRunSnapshot(x: unknown): x is RunSnapshot {
  return isRecord(x) && isRunMeta(x.meta) && isSeriesChunk(x.data) && (x.outcome === null || x.outcome === undefined || isOutcome(x.outcome));
}

function fail(error: string): CheckResult {
  return { ok: false, error };
}

/** Check one message from the host. Snapshots of runs that are malformed are dropped from `init`. */
export function checkHostMessage(raw: unknown): CheckResult {
  if (!isRecord(raw) || !isString(raw.type)) return fail('not a message (no string "type")');
  const m = raw;
  const ok = (): CheckResult => ({ ok: true, message: m as unknown as HostToWebview });
  switch (m.type) {
    case 'init': {
      if (!isNumber(m.protocolVersion)) return fail('init without protocolVersion');
      if (!Array.isArray(m.runs)) return fail('init.runs is not an array');
      if (!isCatalog(m.catalog)) return fail('init.catalog is malformed');
      if (!isControlValues(m.controls)) return fail('init.controls is malformed');
      if (!isPanelContext(m.context)) return fail('init.context is malformed');
      const runs = m.runs.filter(isRunSnapshot);
      if (runs.length !== m.runs.length) console.warn(`LR Lab: dropped ${m.runs.length - runs.length} malformed run snapshot(s) from init`);
      return { ok: true, message: { ...(m as unknown as Extract<HostToWebview, { type: 'init' }>), runs, refreshMs: isNumber(m.refreshMs) ? m.refreshMs : 100 } };
    }
    case 'context':
      return isPanelContext(m.context) ? ok() : fail('context.context is malformed');
    case 'controls':
      return isControlValues(m.controls) ? ok() : fail('controls.controls is malformed');
    case 'runStarted':
      return isRunMeta(m.run) ? ok() : fail('runStarted.run is malformed');
    case 'runData':
      return isString(m.runId) && isSeriesChunk(m.chunk) ? ok() : fail('runData is malformed');
    case 'runFinished':
      return isString(m.runId) && isOutcome(m.outcome) ? ok() : fail('runFinished is malformed');
    case 'runsCleared':
      return isStringArray(m.runIds) ? ok() : fail('runsCleared.runIds is malformed');
    case 'schedulePreview':
      return isNumber(m.requestId) && isString(m.label) && Array.isArray(m.lrs) ? ok() : fail('schedulePreview is malformed');
    case 'error':
      return isString(m.message) && (m.location === undefined || isLocation(m.location)) ? ok() : fail('error is malformed');
    case 'requestPng':
      return isNumber(m.requestId) ? ok() : fail('requestPng is malformed');
    default:
      return fail(`unknown message type "${m.type}"`);
  }
}
