/**
 * Numbers and durations for people: the one formatter of the CLI's tables, the engine's
 * outcome sentences, the host's legends and status bar, and the panel's values and ticks.
 * Each place keeps its look through a style (significant digits, where exponent form starts,
 * how missing values read); the rounding and trimming rules are written once, here. Pure, no
 * imports: every runtime (Node, the worker, the webview) bundles it.
 */

export interface NumberStyle {
  /** Significant digits. */
  readonly digits: number;
  /** Exponent form when |v| is below this … */
  readonly exponentBelow: number;
  /** … or at least this. */
  readonly exponentFrom: number;
  /** Keep JavaScript's "+" in positive exponents ("1e+12") or drop it ("1e12"). */
  readonly exponentPlus: boolean;
  /** Integers of smaller magnitude are written in full (200, 123456), whatever `digits` says. */
  readonly wholeBelow: number;
  /**
   * Between the exponent bounds: `shortest` rounds to `digits` and writes the shortest
   * decimal of that (12345.6 → "12350"); `precision` keeps `toPrecision`'s own form, which is
   * exponential when the integer part has more than `digits` digits (12345.6 → "1.235e4").
   */
  readonly plain: 'shortest' | 'precision';
  /** NaN (and a missing value). */
  readonly nan: string;
  readonly infinity: string;
  readonly negativeInfinity: string;
}

/** Tables and messages (CLI, outcome details): 6 digits, exponents outside [1e-4, 1e6), "1e+12". */
export const REPORT_NUMBER: NumberStyle = {
  digits: 6,
  exponentBelow: 1e-4,
  exponentFrom: 1e6,
  exponentPlus: true,
  wholeBelow: 0,
  plain: 'shortest',
  nan: 'NaN',
  infinity: 'Infinity',
  negativeInfinity: '-Infinity',
};

/** Legends and the status bar: 4 digits, integers in full, exponents outside [1e-3, 1e6), "1e-4". */
export const LABEL_NUMBER: NumberStyle = { ...REPORT_NUMBER, digits: 4, exponentBelow: 1e-3, exponentPlus: false, wholeBelow: 1e6 };

/** The panel's values (run list, tooltips): 4 digits, exponents outside [1e-3, 1e5), "—" when missing. */
export const PANEL_NUMBER: NumberStyle = {
  digits: 4,
  exponentBelow: 1e-3,
  exponentFrom: 1e5,
  exponentPlus: false,
  wholeBelow: 0,
  plain: 'precision',
  nan: '—',
  infinity: '∞',
  negativeInfinity: '−∞',
};

/** The panel's axis ticks: like its values with 3 digits. */
export const TICK_NUMBER: NumberStyle = { ...PANEL_NUMBER, digits: 3 };

/** "1.500" → "1.5", "2.000" → "2", "1.230e+5" → "1.23e+5" (or "1.23e5" without the plus). */
function trimmed(text: string, exponentPlus: boolean): string {
  const [mantissa, exponent] = text.split('e') as [string, string | undefined];
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  if (exponent === undefined) return m;
  return `${m}e${exponentPlus ? exponent : exponent.replace(/^\+/, '')}`;
}

/** `value` in `style` (REPORT_NUMBER by default); `digits` overrides the style's. */
export function formatNumber(value: number | null | undefined, style: NumberStyle = REPORT_NUMBER, digits = style.digits): string {
  if (value === null || value === undefined || Number.isNaN(value)) return style.nan;
  if (!Number.isFinite(value)) return value > 0 ? style.infinity : style.negativeInfinity;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < style.wholeBelow) return String(value);
  if (magnitude < style.exponentBelow || magnitude >= style.exponentFrom) return trimmed(value.toExponential(digits - 1), style.exponentPlus);
  const rounded = value.toPrecision(digits);
  return style.plain === 'shortest' ? String(Number(rounded)) : trimmed(rounded, style.exponentPlus);
}

/** `[-1.2, 1]` with each entry formatted. */
export function formatVector(values: ArrayLike<number>, style: NumberStyle = REPORT_NUMBER, digits = style.digits): string {
  return `[${Array.from(values, (v) => formatNumber(v, style, digits)).join(', ')}]`;
}

export interface DurationStyle {
  /** Below a second: "850 µs", "12.3 ms" (3 significant digits); otherwise whole milliseconds. */
  readonly fine: boolean;
  /** From a minute on: "2 min 3 s" rather than "123 s". */
  readonly minutes: boolean;
  /** Seconds keep their trailing zeros ("4.50 s", "12.0 s"): a column of times lines up. */
  readonly fixedSeconds: boolean;
}

/** The CLI's: 850 µs, 12.3 ms, 4.56 s, 123 s. */
export const REPORT_DURATION: DurationStyle = { fine: true, minutes: false, fixedSeconds: false };

/** The panel's: 12 ms, 4.50 s, 12.3 s, 2 min 3 s. */
export const PANEL_DURATION: DurationStyle = { fine: false, minutes: true, fixedSeconds: true };

/** A duration given in milliseconds; "" for a negative or non-finite one. */
export function formatDuration(ms: number, style: DurationStyle = REPORT_DURATION): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1 && style.fine) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return style.fine ? `${formatNumber(ms, REPORT_NUMBER, 3)} ms` : `${Math.round(ms)} ms`;
  if (ms >= 60_000 && style.minutes) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  const seconds = ms / 1000;
  return style.fixedSeconds ? `${seconds.toFixed(ms < 10_000 ? 2 : 1)} s` : `${formatNumber(seconds, REPORT_NUMBER, 3)} s`;
}

/** Text for an option's default in a form's placeholder: "auto" when the run derives it. */
export function formatDefault(value: unknown): string {
  if (value === null || value === undefined) return 'auto';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join(', ');
  // A pair with PyTorch's None in it (Adafactor's eps): typed back as it shows.
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || v === null)) return value.map((v) => (v === null ? 'null' : String(v))).join(', ');
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
