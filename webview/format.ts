/** Number formatting for ticks, tooltips and the run list: short, and exact enough to compare runs. */

/** 4 significant digits; exponent notation outside [1e-3, 1e5). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e5 || magnitude < 1e-3 ? value.toExponential(3) : value.toPrecision(4);
  return trimZeros(text);
}

/** Axis ticks: like `formatNumber` but with 3 significant digits. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e5 || magnitude < 1e-3 ? value.toExponential(2) : value.toPrecision(3);
  return trimZeros(text);
}

/** "1.500e-3" → "1.5e-3", "2.000" → "2", "1.230e+5" → "1.23e5". */
function trimZeros(text: string): string {
  const [mantissa, exponent] = text.split('e');
  let m = mantissa!;
  if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
  if (exponent === undefined) return m;
  return `${m}e${exponent.replace(/^\+/, '')}`;
}

/** Text for an option's default in a placeholder. */
export function formatDefault(value: unknown): string {
  if (value === null || value === undefined) return 'auto';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join(', ');
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
