/**
 * LR Lab's output channel, remembering its last lines: the API hands them to tests, which wait
 * for what a run's code printed (a fixture saying it is now stuck) instead of a guessed delay.
 * What runs' code prints comes through `print` and is written in blocks (see printedLines.ts);
 * a line written otherwise first writes the printed lines waiting before it, so the order holds.
 */
import { engineText } from '../shared/engineText';
import { PrintedLines } from './printedLines';
import type { Logger } from './runs/persistence';

/** Where what a run's code printed goes: `source` names the run ("quadraticBowl · sweep cell 3"). */
export interface PrintSink {
  print(source: string, text: string): void;
}

export class RecentLog implements Logger, PrintSink {
  private readonly lines: string[] = [];
  private readonly printed = new PrintedLines((block) => this.write('info', block.join('\n')), {
    dropped: (count) => engineText({ id: 'linesNotShown', args: [count] }),
  });

  constructor(
    private readonly channel: Logger,
    private readonly keep = 200,
  ) {}

  print(source: string, text: string): void {
    this.printed.add(source, text);
  }

  info(message: string): void {
    this.printed.flush();
    this.write('info', message);
  }

  warn(message: string): void {
    this.printed.flush();
    this.write('warn', message);
  }

  error(message: string): void {
    this.printed.flush();
    this.write('error', message);
  }

  /** Writes the printed lines still waiting (the extension is going away). */
  dispose(): void {
    this.printed.flush();
  }

  /** The last lines written, oldest first (a message of several lines counts each). */
  recent(): readonly string[] {
    return [...this.lines];
  }

  private write(level: keyof Logger, message: string): void {
    this.remember(message);
    this.channel[level](message);
  }

  private remember(message: string): void {
    const lines = message.split('\n');
    const from = Math.max(0, lines.length - this.keep);
    for (let i = from; i < lines.length; i++) this.lines.push(lines[i]!);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }
}
