/**
 * The panel's own view state: what the user toggled and typed, not the runs (the host owns
 * those and sends them again in `init`). Persisted through `vscodeApi.ts` so it survives the
 * page being hidden and a window reload; whatever comes back is sanitised, never trusted.
 */

/** Raw text of the controls as typed, so half-typed values survive a reload. */
export interface FormDraft {
  /** JSON of the host's controls this draft was made from; the draft applies only while they match. */
  basis: string;
  optimizer: string;
  schedule: string;
  lr: string;
  iterations: string;
  /** The batch-size field's text (drafts saved before it existed have none). */
  batchSize?: string;
  /** Option field texts keyed `opt:<type>:<name>` / `sch:<type>:<name>`. */
  fields: Record<string, string>;
}

/** A chart's y axis as the user set it; a chart not listed chooses by itself (auto). */
export type YScaleChoice = 'log' | 'linear';

export interface ViewState {
  version: 1;
  /** Chart key → the y axis the user chose (absent: auto, logarithmic when the range spans > 3 decades). */
  yScale: Record<string, YScaleChoice>;
  /** Ids of runs hidden from the charts. */
  hiddenRuns: string[];
  /** The objective whose runs are shown (its file#name, or '*' for all); null follows the controls' objective. */
  objective: string | null;
  draft: FormDraft | null;
  /** Section id → collapsed. */
  collapsed: Record<string, boolean>;
  /** The schedule preview beside the form is shown (it follows the form while it is). */
  previewOpen: boolean;
  /** Smoothing weight of the noisy curves (TensorBoard's debiased EMA): 0 (off) to 0.99. */
  smoothing: number;
  /** What the charts' x axis counts (epochs only where the runs on screen have mini-batches). */
  xAxis: 'step' | 'epoch';
  /** A view's own settings by `view.name` key (landscape mode, finder range, compare target, …): numbers, strings, booleans only. */
  options: Record<string, string | number | boolean>;
}

export function defaultViewState(): ViewState {
  return { version: 1, yScale: {}, hiddenRuns: [], objective: null, draft: null, collapsed: { optimizerOptions: true }, previewOpen: true, smoothing: 0, xAxis: 'step', options: {} };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function booleanRecord(x: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (isRecord(x)) for (const [k, v] of Object.entries(x)) if (typeof v === 'boolean') out[k] = v;
  return out;
}

function stringRecord(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(x)) for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out[k] = v;
  return out;
}

function scalarRecord(x: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (isRecord(x)) {
    for (const [k, v] of Object.entries(x)) {
      if (typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    }
  }
  return out;
}

function sanitizeDraft(x: unknown): FormDraft | null {
  if (!isRecord(x)) return null;
  const { basis, optimizer, schedule, lr, iterations } = x;
  if (typeof basis !== 'string' || typeof optimizer !== 'string' || typeof schedule !== 'string' || typeof lr !== 'string' || typeof iterations !== 'string') return null;
  return { basis, optimizer, schedule, lr, iterations, ...(typeof x.batchSize === 'string' ? { batchSize: x.batchSize } : {}), fields: stringRecord(x.fields) };
}

/** Whatever `getState()` returned (possibly from an older version, or nothing) → a valid state. */
export function sanitizeViewState(raw: unknown): ViewState {
  const state = defaultViewState();
  if (!isRecord(raw) || raw.version !== 1) return state;
  // `logScale` (chart → true) was the state before the axis chose by itself.
  for (const [key, log] of Object.entries(booleanRecord(raw.logScale))) if (log) state.yScale[key] = 'log';
  if (isRecord(raw.yScale)) for (const [key, v] of Object.entries(raw.yScale)) if (v === 'log' || v === 'linear') state.yScale[key] = v;
  if (typeof raw.objective === 'string' && raw.objective.length <= 4200) state.objective = raw.objective;
  if (Array.isArray(raw.hiddenRuns)) state.hiddenRuns = raw.hiddenRuns.filter((id): id is string => typeof id === 'string').slice(0, 1000);
  state.draft = sanitizeDraft(raw.draft);
  state.collapsed = { ...state.collapsed, ...booleanRecord(raw.collapsed) };
  if (typeof raw.previewOpen === 'boolean') state.previewOpen = raw.previewOpen;
  if (typeof raw.smoothing === 'number' && raw.smoothing >= 0 && raw.smoothing <= 0.99) state.smoothing = raw.smoothing;
  if (raw.xAxis === 'epoch' || raw.xAxis === 'step') state.xAxis = raw.xAxis;
  state.options = scalarRecord(raw.options);
  return state;
}

/** Holds the view state and writes every change through `save`. */
export class ViewStateStore {
  private state: ViewState;

  constructor(
    initial: ViewState,
    private readonly save: (state: ViewState) => void,
  ) {
    this.state = initial;
  }

  get current(): Readonly<ViewState> {
    return this.state;
  }

  update(change: (draft: ViewState) => void): void {
    change(this.state);
    this.save(this.state);
  }

  /** The y axis the user chose for a chart, or undefined (auto). */
  yScale(chartKey: string): YScaleChoice | undefined {
    return this.state.yScale[chartKey];
  }

  isHidden(runId: string): boolean {
    return this.state.hiddenRuns.includes(runId);
  }

  /** A view's saved setting `key`, when it is of the default's type; else the default. */
  option<T extends string | number | boolean>(key: string, fallback: T): T {
    const value = this.state.options[key];
    return typeof value === typeof fallback ? (value as T) : fallback;
  }

  setOption(key: string, value: string | number | boolean): void {
    this.update((s) => (s.options[key] = value));
  }
}
