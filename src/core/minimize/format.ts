/**
 * Numbers in outcome sentences: six significant digits at most, exponent form when very large
 * or small ("1.23e-9", "0.5", "1e+12"), never "1.2300000000000001e-9".
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(5).split('e');
    return `${mantissa!.replace(/\.?0+$/, '')}e${exponent}`;
  }
  return String(Number(value.toPrecision(6)));
}
