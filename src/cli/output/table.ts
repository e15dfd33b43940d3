/**
 * A plain-text table: right-aligned columns (left-aligned where asked), two spaces apart. Widths
 * are terminal columns: a Chinese character (or full-width punctuation) takes two, so a zh-cn
 * label keeps its column aligned.
 */

/** East Asian wide and full-width characters (Unicode's W and F ranges that Chinese text uses). */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Wide characters: one terminal column each would misalign, two is what terminals draw. */
export function isWide(char: string): boolean {
  return WIDE.test(char);
}

/** Terminal columns `text` takes. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char) ? 2 : 1;
  return width;
}

/**
 * `value` after `label`, the label padded so that the values of all `labels` start in one column:
 * at least `minColumn`, and two columns past the widest label.
 */
export function labelledLine(label: string, value: string, labels: readonly string[], minColumn: number): string {
  const column = Math.max(minColumn, ...labels.map((l) => textWidth(l) + 2));
  return `${label}${' '.repeat(Math.max(1, column - textWidth(label)))}${value}`;
}

function pad(text: string, width: number, left: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return left ? text + fill : fill + text;
}

export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], leftAligned: ReadonlySet<number> = new Set()): string {
  const widths = head.map((h, c) => Math.max(textWidth(h), ...rows.map((r) => textWidth(r[c] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((text, c) => pad(text, widths[c]!, leftAligned.has(c)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
