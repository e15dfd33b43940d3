/**
 * The shape of benchmark results (bench/results.json) and the helpers suites use to fill it.
 * Every figure is a summary of ≥ 5 runs (median, min, max) — in quick mode fewer — and says
 * how it was measured; a figure with a goal says whether the median meets it.
 */

/** Median, min and max of the runs of one figure. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export interface Goal {
  /** The bar in words, e.g. "< 300 ms" or "≥ 0.95× the hand loop". */
  readonly text: string;
  /** Whether the median meets it. */
  readonly met: boolean;
}

export interface Figure {
  /** Stable key, e.g. "adam.lrlab.ms". */
  readonly id: string;
  readonly label: string;
  /** "ms", "ms/step", "×", "steps/s", … */
  readonly unit: string;
  /** null: not measured (see note). */
  readonly value: Summary | null;
  readonly goal?: Goal;
  /** How it was measured, what bounds it, or why it was skipped. */
  readonly note?: string;
}

export interface SuiteResult {
  readonly id: string;
  readonly title: string;
  readonly figures: Figure[];
  /** Method and findings, one sentence each. */
  readonly notes: string[];
  /** Set when the whole suite could not run, with the reason. */
  readonly skipped?: string;
  /** Correctness checks made along the way (quick mode fails when one fails). */
  readonly checks: Check[];
}

export interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface SuiteOptions {
  /** Few, small runs: correctness only, for npm test and CI. */
  readonly quick: boolean;
}

export interface Suite {
  readonly id: string;
  readonly title: string;
  run(options: SuiteOptions): Promise<SuiteResult>;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** A figure from samples; `goal` decides met from the median. */
export function figure(id: string, label: string, unit: string, samples: readonly number[] | null, extra: { goal?: { text: string; test(median: number): boolean }; note?: string } = {}): Figure {
  const value = samples && samples.length > 0 ? summarize(samples) : null;
  return {
    id,
    label,
    unit,
    value,
    ...(extra.goal ? { goal: { text: extra.goal.text, met: value !== null && extra.goal.test(value.median) } } : {}),
    ...(extra.note !== undefined ? { note: extra.note } : {}),
  };
}

/** Per-run ratios a[i] / b[i] of two figures measured side by side. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error('ratios: runs differ in number');
  return a.map((x, i) => x / b[i]!);
}
