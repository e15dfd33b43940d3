/**
 * What the panel tests read and do on a page: a chart card's state from its `data-*` hooks,
 * waits for a chart to hold what it should, pixels of a colour in a plot area, a run streamed
 * as the host streams it, another page beside the test's, a suite's page per test.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { chunk, outcome, runMeta, type CurveShape } from './fixtures';
import type { PanelHarness, PanelPage, PanelPageOptions } from './harness';
import type { PageCanvas, PageDocument, PageElement } from './pageTypes';

// Browser globals, used only inside functions that run in the page.
declare const document: PageDocument;

export interface ChartState {
  visibleDatasets: number;
  totalPoints: number;
  yScale: string;
  plotArea: number[];
  renderCount: number;
  zoomed: string | undefined;
  previewPoints: number | undefined;
}

export async function chartState(panel: PanelPage, key: string): Promise<ChartState> {
  return panel.page.locator(`[data-chart="${key}"]`).evaluate((el: PageElement) => ({
    visibleDatasets: Number(el.dataset.visibleDatasets),
    totalPoints: Number(el.dataset.totalPoints),
    yScale: el.dataset.yScale ?? '',
    plotArea: (el.dataset.plotArea ?? '').split(',').map(Number),
    renderCount: Number(el.dataset.renderCount),
    zoomed: el.dataset.zoomed,
    previewPoints: el.dataset.previewPoints === undefined ? undefined : Number(el.dataset.previewPoints),
  }));
}

/** Wait until chart `key` shows `points` points in `datasets` datasets (a hang says what the chart showed instead). */
export async function waitForChart(panel: PanelPage, key: string, datasets: number, points: number): Promise<void> {
  try {
    await panel.page.waitForFunction(
      ({ key, datasets, points }) => {
        const el = document.querySelector(`[data-chart="${key}"]`);
        return el && Number(el.dataset.visibleDatasets) === datasets && Number(el.dataset.totalPoints) === points;
      },
      { key, datasets, points },
    );
  } catch (e) {
    const seen = await panel.page
      .locator(`[data-chart="${key}"]`)
      .evaluate((el: PageElement) => `${el.dataset.visibleDatasets} datasets, ${el.dataset.totalPoints} points`, undefined, { timeout: 5_000 })
      .catch(() => 'no such chart');
    throw new Error(`chart ${key}: waited for ${datasets} datasets and ${points} points, it shows ${seen} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** Pixels in chart `key`'s plot area within `tolerance` (sum of channel differences) of `color` ('rgb(r, g, b)'). */
export async function pixelsOfColor(panel: PanelPage, key: string, color: string, tolerance = 60): Promise<number> {
  return panel.page.locator(`[data-chart="${key}"]`).evaluate((el: PageElement, [color, tolerance]: [string, number]) => {
    const canvas = el.querySelector('canvas') as PageCanvas;
    const [l, t, r, b] = (el.dataset.plotArea ?? '0,0,0,0').split(',').map(Number) as [number, number, number, number];
    const ratio = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext('2d')!;
    const w = Math.floor((r - l) * ratio);
    const h = Math.floor((b - t) * ratio);
    const data = ctx.getImageData(Math.ceil(l * ratio), Math.ceil(t * ratio), w, h).data;
    const [cr, cg, cb] = color.match(/\d+/g)!.map(Number) as [number, number, number];
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 100 && Math.abs(data[i]! - cr) + Math.abs(data[i + 1]! - cg) + Math.abs(data[i + 2]! - cb) < tolerance) n++;
    }
    return n;
  }, [color, tolerance] as [string, number]);
}

/** Chart `key`'s canvas as a PNG data URL (equal strings: equal pixels). */
export async function canvasImage(panel: PanelPage, key: string): Promise<string> {
  return panel.page.locator(`[data-chart="${key}"] canvas`).evaluate((canvas: PageCanvas) => canvas.toDataURL());
}

export async function swatchColor(panel: PanelPage, runId: string): Promise<string> {
  return (await panel.page.locator(`li.run[data-run-id="${runId}"] .swatch`).getAttribute('data-color')) ?? '';
}

/** Stream a run of `steps` steps in chunks of `size`, then finish it. */
export async function streamRun(panel: PanelPage, id: string, colorIndex: number, label: string, shape: CurveShape, steps: number, size: number, reason: 'maxIterations' | 'converged' = 'maxIterations'): Promise<void> {
  await panel.send({ type: 'runStarted', run: runMeta(id, colorIndex, label, shape.iterations) });
  for (let from = 1; from <= steps; from += size) await panel.send({ type: 'runData', runId: id, chunk: chunk(shape, from, Math.min(steps, from + size - 1)) });
  await panel.send({ type: 'runFinished', runId: id, outcome: outcome(steps, reason, reason === 'converged' ? 'gradient norm 9.1e-7 < tolerance 1e-6' : `reached ${steps} iterations`) });
}

/**
 * The hooks of a suite with a page per test: the built page checked and the harness started once,
 * a page opened before each test (`opened` gets it first), and after each test every message the
 * page posted validated as the host validates it, and no CSP violation or console error allowed.
 */
export function pagePerTest(harness: PanelHarness, opened: (panel: PanelPage) => void | Promise<void>, options: PanelPageOptions = {}): void {
  let panel: PanelPage;
  before(async () => {
    assert.ok(existsSync(resolve(__dirname, '../../dist/webview.js')), 'dist/webview.js is missing: run `npm run build` first');
    await harness.start();
  });
  after(async () => harness.stop());
  beforeEach(async () => {
    panel = await harness.open(options);
    await opened(panel);
  });
  afterEach(async function () {
    for (const message of await panel.posted()) {
      const parsed = parseWebviewMessage(message);
      assert.ok(parsed.ok, `the page posted a message the host rejects: ${JSON.stringify(message).slice(0, 300)} — ${parsed.ok ? '' : parsed.error}`);
    }
    const problems = await panel.problems();
    await panel.close();
    assert.deepEqual(problems, [], `problems in "${this.currentTest?.title}"`);
  });
}

/** Another page beside the test's (a reload, a page drawn from scratch, a themed one): `use` it, then check it had no problems and close it. */
export async function withPageOf(harness: PanelHarness, options: PanelPageOptions, use: (page: PanelPage) => Promise<void>): Promise<void> {
  const other = await harness.open(options);
  try {
    await use(other);
  } finally {
    assert.deepEqual(await other.problems(), []);
    await other.close();
  }
}


/** The rows (CSS px from the plot area's top) where `color` has pixels in chart `key`'s plot area, and the area's height; null rows when none. */
export async function colorExtent(panel: PanelPage, key: string, color: string, tolerance = 40): Promise<{ top: number | null; bottom: number | null; height: number }> {
  return panel.page.locator(`[data-chart="${key}"]`).evaluate((el: PageElement, [color, tolerance]: [string, number]) => {
    const canvas = el.querySelector('canvas') as PageCanvas;
    const [l, t, r, b] = (el.dataset.plotArea ?? '0,0,0,0').split(',').map(Number) as [number, number, number, number];
    const ratio = canvas.width / canvas.clientWidth;
    const w = Math.floor((r - l) * ratio);
    const h = Math.floor((b - t) * ratio);
    const data = canvas.getContext('2d')!.getImageData(Math.ceil(l * ratio), Math.ceil(t * ratio), w, h).data;
    const [cr, cg, cb] = color.match(/\d+/g)!.map(Number) as [number, number, number];
    let top: number | null = null;
    let bottom: number | null = null;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        if (data[i + 3]! > 100 && Math.abs(data[i]! - cr) + Math.abs(data[i + 1]! - cg) + Math.abs(data[i + 2]! - cb) < tolerance) {
          top ??= y / ratio;
          bottom = y / ratio;
          break;
        }
      }
    }
    return { top, bottom, height: h / ratio };
  }, [color, tolerance] as [string, number]);
}
