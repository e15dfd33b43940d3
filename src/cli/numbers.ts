/** Numbers for people: tables and messages. */

/** Up to `digits` significant digits, exponent form when very large or small: 0.1, 24.2, 1.24266e-5, 1e+12. */
export function formatNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${mantissa!.includes('.') ? mantissa!.replace(/\.?0+$/, '') : mantissa}e${exponent}`;
  }
  return String(Number(value.toPrecision(digits)));
}

/** `[-1.2, 1]` with each entry formatted. */
export function formatVector(values: ArrayLike<number>, digits = 6): string {
  return `[${Array.from(values, (v) => formatNumber(v, digits)).join(', ')}]`;
}

/** A duration: 850 µs, 12.3 ms, 4.56 s. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${formatNumber(ms, 3)} ms`;
  return `${formatNumber(ms / 1000, 3)} s`;
}
