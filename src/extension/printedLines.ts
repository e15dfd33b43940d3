/**
 * What runs' code prints, on its way to the LR Lab output channel: coalesced into one channel
 * write per `flushMs` (every line prefixed with its source, "[objective · sweep cell 3]"), in
 * order. A channel write per printed line cost the extension host ~5 µs each, all in one turn of
 * its event loop (200 000 lines stalled it ~0.9 s). A window holds at most `maxLines` lines and
 * `maxChars` characters: beyond that its oldest lines are dropped, and one line per source says
 * how many ("[…] … 12345 lines not shown") in their place; the newest lines, the run's last
 * among them, are always written.
 */
import { OldestFirst } from '../core/oldestFirst';

export interface PrintedLinesOptions {
  /** How long printed lines wait for more before they are written (one write per window). */
  readonly flushMs?: number;
  readonly maxLines?: number;
  readonly maxChars?: number;
  /** The line that stands for `count` dropped lines (without the source's prefix). */
  readonly dropped: (count: number) => string;
}

export class PrintedLines {
  /** Lines waiting, each with its prefix. */
  private readonly lines = new OldestFirst<string>();
  private chars = 0;
  /** Lines dropped from this window, by prefix, in the order the sources first lost one. */
  private readonly droppedBy = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly flushMs: number;
  private readonly maxLines: number;
  private readonly maxChars: number;

  constructor(
    private readonly write: (block: readonly string[]) => void,
    private readonly options: PrintedLinesOptions,
  ) {
    this.flushMs = options.flushMs ?? 50;
    this.maxLines = options.maxLines ?? 10_000;
    this.maxChars = options.maxChars ?? 2_000_000;
  }

  /** Text the code of `source` printed: one line per line of it (a final newline ends the last). */
  add(source: string, text: string): void {
    const prefix = `[${source}] `;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) this.push(prefix + line.trimEnd());
    if (this.timer === null && this.lines.size > 0) this.timer = setTimeout(() => this.flush(), this.flushMs);
  }

  /** Writes what waits now (before another line goes to the channel, and at the end). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.lines.size === 0 && this.droppedBy.size === 0) return;
    const notes = [...this.droppedBy].map(([prefix, count]) => prefix + this.options.dropped(count));
    const block = notes.concat(this.lines.take());
    this.chars = 0;
    this.droppedBy.clear();
    this.write(block);
  }

  private push(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    while (this.lines.size > 1 && (this.lines.size > this.maxLines || this.chars > this.maxChars)) this.dropOldest();
  }

  private dropOldest(): void {
    const line = this.lines.shift();
    this.chars -= line.length;
    const prefix = line.slice(0, line.indexOf('] ') + 2);
    this.droppedBy.set(prefix, (this.droppedBy.get(prefix) ?? 0) + 1);
  }
}
