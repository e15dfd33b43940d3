/**
 * LR Lab's output channel, remembering its last lines: the API hands them to tests, which wait
 * for what a run's code printed (a fixture saying it is now stuck) instead of a guessed delay.
 */
import type { Logger } from './runs/persistence';

export class RecentLog implements Logger {
  private readonly lines: string[] = [];

  constructor(
    private readonly channel: Logger,
    private readonly keep = 200,
  ) {}

  info(message: string): void {
    this.remember(message);
    this.channel.info(message);
  }

  warn(message: string): void {
    this.remember(message);
    this.channel.warn(message);
  }

  error(message: string): void {
    this.remember(message);
    this.channel.error(message);
  }

  /** The last lines written, oldest first. */
  recent(): readonly string[] {
    return [...this.lines];
  }

  private remember(message: string): void {
    this.lines.push(message);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }
}
