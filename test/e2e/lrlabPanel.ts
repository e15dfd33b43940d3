/**
 * LR Lab's plot panel as a UI scenario sees it: read from inside its webview through the
 * page's `data-*` test hooks (webview/views/curves/chartCard.ts, webview/runs/runList.ts,
 * `body[data-ready]`), and a condition-polling `waitUntil` that reports the last state it saw
 * when it gives up.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { HANG_BOUND_MS, webviewFrame } from '../harness/browser';

/** The state of one chart card (`.chart-card[data-chart=key]`). */
export interface ChartState {
  /** Runs drawn (`data-visible-datasets`). */
  readonly datasets: number;
  /** Their points before decimation (`data-total-points`). */
  readonly points: number;
  /** Points handed to the canvas after decimation (`data-drawn-points`). */
  readonly drawnPoints: number;
  /** `data-empty`: nothing drawn. */
  readonly empty: boolean;
  /** Width and height of the plot area in CSS px (from `data-plot-area`). */
  readonly plotWidth: number;
  readonly plotHeight: number;
}

/** One row of the run list (which is the charts' legend). */
export interface RunRow {
  readonly id: string;
  readonly label: string;
  /** `running`, `finished` or `failed` (`data-status`). */
  readonly status: string;
  readonly stopReason: string | null;
}

/** Polls `probe` every 100 ms until `done` holds; on timeout fails with `what` and the last value seen. */
export async function waitUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = HANG_BOUND_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (done(last)) return last;
    } catch (err) {
      lastError = err; // the frame may be reloading; try again
    }
    if (Date.now() > deadline) {
      const seen = lastError !== undefined ? `error: ${lastError instanceof Error ? lastError.message.split('\n')[0] : String(lastError)}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class LrLabPanel {
  readonly frame: FrameLocator;

  /** The page in the workbench's (first) webview: the editor panel's or the LR Lab view's. */
  constructor(readonly page: Page) {
    this.frame = webviewFrame(page);
  }

  /** Waits until the page has received the host's snapshot (`body[data-ready=true]`). */
  async ready(timeoutMs = HANG_BOUND_MS): Promise<void> {
    await this.frame.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: timeoutMs });
  }

  async chart(key: 'loss' | 'lr' | 'gradNorm'): Promise<ChartState> {
    const attrs = await this.frame.locator(`.chart-card[data-chart="${key}"]`).evaluate((e) => Object.fromEntries(e.getAttributeNames().map((name: string) => [name, e.getAttribute(name) ?? ''])));
    const [left, top, right, bottom] = (attrs['data-plot-area'] ?? '0,0,0,0').split(',').map(Number) as [number, number, number, number];
    return {
      datasets: Number(attrs['data-visible-datasets'] ?? 0),
      points: Number(attrs['data-total-points'] ?? 0),
      drawnPoints: Number(attrs['data-drawn-points'] ?? 0),
      empty: attrs['data-empty'] !== 'false',
      plotWidth: right - left,
      plotHeight: bottom - top,
    };
  }

  async runs(): Promise<RunRow[]> {
    return this.frame.locator('li.run').evaluateAll((rows) =>
      rows.map((row) => ({
        id: row.getAttribute('data-run-id') ?? '',
        label: (row.querySelector('.run-label')?.textContent ?? '').trim(),
        status: row.getAttribute('data-status') ?? '',
        stopReason: row.getAttribute('data-stop-reason'),
      })),
    );
  }

  /** Waits until `count` runs are listed and none is still running; returns them. */
  async waitForFinishedRuns(count: number, timeoutMs = 60_000): Promise<RunRow[]> {
    return waitUntil(() => this.runs(), (rows) => rows.length === count && rows.every((r) => r.status !== 'running'), `${count} finished run(s) in the panel's run list`, timeoutMs);
  }

  /** Waits until the loss chart draws `datasets` runs; returns its state. */
  async waitForChart(key: 'loss' | 'lr' | 'gradNorm', datasets: number, timeoutMs = 30_000): Promise<ChartState> {
    return waitUntil(() => this.chart(key), (c) => c.datasets === datasets && !c.empty, `the ${key} chart to draw ${datasets} run(s)`, timeoutMs);
  }

  /** The messages of the error area (newest first) with their file:line:column link text. */
  async errors(): Promise<Array<{ message: string; location: string | null }>> {
    return this.frame.locator('.errors .error').evaluateAll((items) =>
      items.map((item) => ({
        message: (item.querySelector('.error-message')?.textContent ?? '').trim(),
        location: item.querySelector('.error-location')?.textContent?.trim() ?? null,
      })),
    );
  }
}
