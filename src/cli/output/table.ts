/** A plain-text table: right-aligned columns (left-aligned where asked), two spaces apart. */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], leftAligned: ReadonlySet<number> = new Set()): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((text, c) => (leftAligned.has(c) ? text.padEnd(widths[c]!) : text.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
