/**
 * Coalesces redraw requests: however many chunks arrive, the charts redraw at most once per
 * animation frame and at most every `intervalMs` (≤ 100 ms, so ≥ 10 refreshes a second).
 */
export class RedrawScheduler {
  private pending = false;
  private last = -Infinity;
  private intervalMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;

  constructor(
    private readonly draw: () => void,
    intervalMs: number,
  ) {
    this.intervalMs = RedrawScheduler.clamp(intervalMs);
  }

  private static clamp(ms: number): number {
    return Number.isFinite(ms) ? Math.min(Math.max(ms, 16), 100) : 100;
  }

  setInterval(ms: number): void {
    this.intervalMs = RedrawScheduler.clamp(ms);
  }

  request(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait > 0) this.timer = setTimeout(() => this.nextFrame(), wait);
    else this.nextFrame();
  }

  /** Draw now if something is pending (e.g. before exporting a PNG). */
  flush(): void {
    if (!this.pending) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.run();
  }

  private nextFrame(): void {
    this.timer = undefined;
    this.frame = requestAnimationFrame(() => this.run());
  }

  private run(): void {
    this.timer = undefined;
    this.frame = undefined;
    this.pending = false;
    this.last = performance.now();
    this.draw();
  }
}
