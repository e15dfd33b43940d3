/**
 * The panel's DOM-free modules, in Node: series storage, message routing, view state,
 * decimation. (The host messages' checks and the formatters are src/shared's, tested in
 * test/unit/shared.)
 */
import assert from 'node:assert/strict';
import { DatasetController } from 'chart.js';
import { parseHostMessage, type SeriesChunk } from '../../src/shared/protocol';
import { canonicalJson } from '../../src/shared/canonical';
import { columnsPerStep, MinMaxColumns, minMaxDecimate, visibleRange } from '../../webview/views/curves/decimation';
import { MessageRouter } from '../../webview/router';
import { scanRange } from '../../webview/views/curves/lineController';
import { RunsModel } from '../../webview/runs/runsModel';
import { tailStart } from '../../webview/runs/divergence';
import { defaultViewState, sanitizeViewState } from '../../webview/state';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../webview/palette';
import { unionRange, yAxisType } from '../../webview/views/curves/yAxis';
import { DebiasedEma, DerivedSeries, stepsPerEpoch } from '../../webview/views/curves/derivedSeries';
import { initMessage, runMeta } from './fixtures';

const series = (firstStep: number, loss: unknown[], metrics: Record<string, unknown[]> = {}): SeriesChunk => ({
  firstStep,
  loss: loss as number[],
  lr: loss.map(() => 0.1),
  gradNorm: loss.map(() => 1),
  metrics: metrics as Record<string, number[]>,
});

describe('RunsModel', () => {
  it('append stores points x = step, skips non-finite values and steps already received', () => {
    const model = new RunsModel();
    model.start(runMeta('a', 0, 'a'));
    assert.deepEqual(model.append('a', series(1, [3, 2, null, Number.NaN, 1])), ['loss', 'lr', 'gradNorm']);
    assert.deepEqual(model.get('a')!.series.get('loss'), [{ x: 1, y: 3 }, { x: 2, y: 2 }, { x: 5, y: 1 }]);
    // A chunk overlapping what is there (steps 4..7) only adds steps 6 and 7.
    model.append('a', series(4, [9, 9, 0.5, 0.25]));
    assert.deepEqual(model.get('a')!.series.get('loss')!.map((p) => p.x), [1, 2, 5, 6, 7]);
    assert.equal(model.get('a')!.lastStep, 7);
    assert.equal(model.get('a')!.lastLoss, 0.25);
    assert.equal(model.append('nobody', series(1, [1])), null);
  });

  it('append keeps the same arrays (no copy per chunk) and costs O(chunk)', () => {
    const model = new RunsModel();
    model.start(runMeta('a', 0, 'a'));
    const loss = model.get('a')!.series.get('loss')!;
    for (let from = 1; from <= 100_000; from += 1000) model.append('a', series(from, Array.from({ length: 1000 }, (_, i) => 1 / (from + i))));
    assert.equal(model.get('a')!.series.get('loss'), loss, 'same array');
    assert.equal(loss.length, 100_000);
    assert.deepEqual(loss[99_999], { x: 100_000, y: 1 / 100_000 });
  });

  it('metrics get their own series, listed in order of first appearance while some run has them', () => {
    const model = new RunsModel();
    model.start(runMeta('a', 0, 'a'));
    model.start(runMeta('b', 1, 'b'));
    assert.deepEqual(model.append('a', series(1, [1, 2], { accuracy: [0.5, 0.6] })), ['loss', 'lr', 'gradNorm', 'metric:accuracy']);
    model.append('b', series(1, [1], { top5: [0.9], accuracy: [0.1] }));
    assert.deepEqual(model.metricNames(), ['accuracy', 'top5']);
    assert.equal(model.pointCount('metric:accuracy'), 3);
    model.remove(['b']);
    assert.deepEqual(model.metricNames(), ['accuracy']);
  });

  it('reset restores snapshots with their outcomes; anyRunning follows outcomes', () => {
    const model = new RunsModel();
    model.reset([
      { meta: runMeta('a', 0, 'a'), data: series(1, [1, 2]), outcome: null },
      { meta: runMeta('b', 1, 'b'), data: series(1, [1]), outcome: { stopReason: 'converged', detail: '', steps: 1, finalLoss: 1, bestLoss: 1, wallTimeMs: 1 } },
    ]);
    assert.deepEqual(model.list().map((r) => r.meta.id), ['a', 'b']);
    assert.equal(model.anyRunning, true);
    model.finish('a', { stopReason: 'cancelled', detail: '', steps: 2, finalLoss: 2, bestLoss: 1, wallTimeMs: 1 });
    assert.equal(model.anyRunning, false);
  });
});

describe('MessageRouter', () => {
  /** A router over the page's own validation, with what it logged and reported. */
  function router(admit?: (type: string) => boolean) {
    const warnings: string[] = [];
    const failures: string[] = [];
    const r = new MessageRouter({
      parse: parseHostMessage,
      ...(admit ? { admit: (m: { type: string }) => admit(m.type) } : {}),
      failed: (message, error) => failures.push(`${message.type}: ${(error as Error).message}`),
    });
    const warn = console.warn;
    const route = (raw: unknown): void => {
      console.warn = (text: string) => void warnings.push(text);
      try {
        r.route(raw);
      } finally {
        console.warn = warn;
      }
    };
    return { r, route, warnings, failures };
  }

  it('hands a message to the handlers of its kind, in the order they registered, and to no other', () => {
    const { r, route, warnings } = router();
    const calls: string[] = [];
    r.on('runsCleared', (m) => calls.push(`first ${m.runIds.join()}`));
    r.on('requestPng', () => calls.push('png'));
    r.on('runsCleared', (m) => calls.push(`second ${m.runIds.join()}`));
    route({ type: 'runsCleared', runIds: ['a', 'b'] });
    assert.deepEqual(calls, ['first a,b', 'second a,b']);
    assert.deepEqual(warnings, []);
  });

  it('logs and drops malformed messages and kinds no room handles; an unregistered handler hears nothing more', () => {
    const { r, route, warnings } = router();
    const calls: unknown[] = [];
    const unregister = r.on('requestPng', (m) => calls.push(m.requestId));
    route({ type: 'requestPng', requestId: 'x' });
    route({ type: 'bogus' });
    route({ type: 'runsCleared', runIds: [] });
    route({ type: 'requestPng', requestId: 1 });
    unregister();
    route({ type: 'requestPng', requestId: 2 });
    assert.deepEqual(calls, [1]);
    assert.equal(warnings.length, 4);
    assert.match(warnings[0]!, /ignored a message from the host: requestPng is malformed/);
    assert.match(warnings[1]!, /ignored a message from the host: unknown message type "bogus"/);
    assert.match(warnings[2]!, /no part of the panel handles "runsCleared"/);
    assert.match(warnings[3]!, /no part of the panel handles "requestPng"/);
  });

  it("logs the check's warnings and still delivers the message (init without its malformed run snapshots)", () => {
    const { r, route, warnings } = router();
    const received: string[][] = [];
    r.on('init', (m) => received.push(m.runs.map((s) => s.meta.id)));
    route(initMessage([{ meta: runMeta('a', 0, 'a'), data: series(1, [1]), outcome: null }, { meta: { id: 'b' }, data: null, outcome: null } as never]));
    assert.deepEqual(received, [['a']]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /dropped 1 malformed run snapshot\(s\) from init/);
  });

  it('a message admit refuses reaches no handler', () => {
    const { r, route } = router((type) => type !== 'requestPng');
    const calls: string[] = [];
    r.on('requestPng', () => calls.push('png'));
    r.on('runsCleared', () => calls.push('cleared'));
    route({ type: 'requestPng', requestId: 1 });
    route({ type: 'runsCleared', runIds: [] });
    assert.deepEqual(calls, ['cleared']);
  });

  it('a handler that throws is reported and the handlers after it still run', () => {
    const { r, route, failures } = router();
    const calls: string[] = [];
    r.on('requestPng', () => {
      throw new Error('broken room');
    });
    r.on('requestPng', () => calls.push('next room'));
    route({ type: 'requestPng', requestId: 7 });
    assert.deepEqual(failures, ['requestPng: broken room']);
    assert.deepEqual(calls, ['next room']);
  });
});

describe('view state', () => {
  it('sanitizeViewState keeps valid fields and drops the rest', () => {
    assert.deepEqual(sanitizeViewState(undefined), defaultViewState());
    assert.deepEqual(sanitizeViewState({ version: 2, logScale: { loss: true } }), defaultViewState());
    const s = sanitizeViewState({ version: 1, logScale: { loss: true, lr: 'yes' }, hiddenRuns: ['a', 3], draft: { basis: '{}', optimizer: 'sgd', schedule: 'step', lr: '0.1', iterations: '9', fields: { 'opt:sgd:momentum': '0.9', bad: 1 } }, collapsed: { optimizerOptions: false }, options: { 'landscape.mode': 'random', 'landscape.seed': 2, 'finder.thenRun': false, bad: { x: 1 }, nan: NaN } });
    assert.deepEqual(s, {
      version: 1,
      yScale: { loss: 'log' },
      hiddenRuns: ['a'],
      objective: null,
      draft: { basis: '{}', optimizer: 'sgd', schedule: 'step', lr: '0.1', iterations: '9', fields: { 'opt:sgd:momentum': '0.9' } },
      collapsed: { optimizerOptions: false },
      previewOpen: true,
      smoothing: 0,
      xAxis: 'step',
      // A view's own settings: numbers, strings and booleans only.
      options: { 'landscape.mode': 'random', 'landscape.seed': 2, 'finder.thenRun': false },
    });
    assert.deepEqual([sanitizeViewState({ version: 1, smoothing: 0.6, xAxis: 'epoch' })].map((v) => [v.smoothing, v.xAxis]), [[0.6, 'epoch']]);
    assert.deepEqual([sanitizeViewState({ version: 1, smoothing: 1.5, xAxis: 'time' })].map((v) => [v.smoothing, v.xAxis]), [[0, 'step']], 'out of range: the defaults');
    assert.equal(sanitizeViewState({ version: 1, draft: { basis: 1 } }).draft, null);
    assert.equal(sanitizeViewState({ version: 1, previewOpen: false }).previewOpen, false, 'the schedule preview closed stays closed');
    assert.equal(sanitizeViewState({ version: 1, previewOpen: 'no' }).previewOpen, true);
    // The axis choices and the objective on screen.
    const t = sanitizeViewState({ version: 1, yScale: { loss: 'linear', lr: 'log', gradNorm: 'sideways' }, objective: '/w/f.ts#f' });
    assert.deepEqual(t.yScale, { loss: 'linear', lr: 'log' });
    assert.equal(t.objective, '/w/f.ts#f');
    assert.equal(sanitizeViewState({ version: 1, objective: 7 }).objective, null);
  });

  it('canonicalJson ignores key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } }), '{"a":{"c":2,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('decimation', () => {
  const points = (ys: number[], x0 = 1): Array<{ x: number; y: number }> => ys.map((y, i) => ({ x: x0 + i, y }));

  it('minMaxDecimate keeps, per pixel column, its lowest and highest point in step order, plus the first and last point', () => {
    // 12 points over 3 columns: column ⌊(x − 1)·3/11⌋ → 0: x 1–4, 1: x 5–8, 2: x 9–11, and x 12 (the last point) alone in 3.
    const data = points([5, 9, 1, 4, /**/ 3, 3, 8, 2, /**/ 7, 6, 0, 6]);
    const out = minMaxDecimate(data, 0, data.length, 3);
    assert.deepEqual(
      out.map((p) => [p.x, p.y]),
      [
        [1, 5], // the first point
        [2, 9], [3, 1], // column 0: max at x 2, then min at x 3
        [7, 8], [8, 2], // column 1: max at x 7, then min at x 8
        [9, 7], [11, 0], // column 2: max at x 9 (first of the ties), min at x 11
        [12, 6], // the last point
      ],
    );
    // Kept points are the run's own objects (true values on hover).
    assert.ok(out.every((p) => data.includes(p)));
  });

  it('minMaxDecimate keeps every spike: a NaN-free divergence at one step stays visible at any width', () => {
    const ys = Array.from({ length: 100_000 }, (_, i) => (i === 61_234 ? 1e9 : 1 + Math.sin(i / 100)));
    const out = minMaxDecimate(points(ys), 0, ys.length, 500);
    assert.ok(out.some((p) => p.y === 1e9 && p.x === 61_235));
    assert.ok(out.length <= 2 * 500 + 2, `${out.length} points for 500 columns`);
    // Steps stay in order (chart.js is told the data is normalized).
    for (let i = 1; i < out.length; i++) assert.ok(out[i]!.x > out[i - 1]!.x);
  });

  it('MinMaxColumns.extend: a run decimated while it grows, chunk by chunk, gives the points of one decimation of the whole run', () => {
    // A noisy run with spikes; 37 columns over its first 2,000 steps, then it grows to 5,000 (columns past the 37th).
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const data = points(Array.from({ length: 5_000 }, (_, i) => Math.exp(-i / 900) + 0.2 * random() + (i % 611 === 0 ? 5 : 0)), 1);
    const perX = 37 / (2_000 - 1);
    const whole = new MinMaxColumns(data, 0, perX);
    whole.extend(data.length);
    const expected = whole.points();
    for (const sizes of [[1], [7, 1, 250], [500], [1_999, 1, 3_000]]) {
      const grown = new MinMaxColumns(data, 0, perX);
      let end = 0;
      for (let k = 0; end < data.length; k++) {
        end = Math.min(data.length, end + sizes[k % sizes.length]!);
        grown.extend(end);
        // At every size: the first point, one lowest and one highest point per column, the last point.
        const now = grown.points();
        assert.equal(now[0], data[0]);
        assert.equal(now[now.length - 1], data[end - 1]);
      }
      assert.deepEqual(grown.points(), expected, `chunks of ${sizes.join(', ')}`);
    }
    // The same as the rule written out: per column ⌊(x − 1)·perX⌋ its lowest and highest point in step order (the first
    // of equals), those that are not the first or last point of the run, which open and close the line.
    const byColumn = new Map<number, Array<{ x: number; y: number }>>();
    for (const p of data) {
      const c = Math.floor((p.x - 1) * perX);
      byColumn.set(c, [...(byColumn.get(c) ?? []), p]);
    }
    const rule = [data[0]!];
    for (const column of byColumn.values()) {
      const lo = column.reduce((a, b) => (b.y < a.y ? b : a));
      const hi = column.reduce((a, b) => (b.y > a.y ? b : a));
      const kept = lo === hi ? [lo] : lo.x < hi.x ? [lo, hi] : [hi, lo];
      rule.push(...kept.filter((p) => p !== data[0] && p !== data[data.length - 1]));
    }
    rule.push(data[data.length - 1]!);
    assert.deepEqual(expected, rule);
  });

  it('columnsPerStep: a column per pixel over the shortest step range the axis can get', () => {
    const run = (from: number, to: number): Array<{ x: number; y: number }> => [{ x: from, y: 0 }, { x: to, y: 0 }];
    // Finished runs: from the first step of any run to the last.
    assert.equal(columnsPerStep([run(1, 401), run(1, 201)], {}, {}, 800), 2);
    // A running run: up to its planned end (the suggested max), however far it got.
    assert.equal(columnsPerStep([run(1, 50)], {}, { max: 1001 }, 500), 0.5);
    assert.equal(columnsPerStep([run(1, 2001)], {}, { max: 1001 }, 500), 0.25);
    // Zoomed: the zoom bounds.
    assert.equal(columnsPerStep([run(1, 100_001)], { min: 1000, max: 2000 }, { max: 100_001 }, 500), 0.5);
    // Nothing to spread: no decimation.
    assert.equal(columnsPerStep([], {}, {}, 500), 0);
    assert.equal(columnsPerStep([[{ x: 3, y: 1 }]], {}, {}, 500), 0);
  });

  it('visibleRange: the points inside the zoom bounds and one beyond each end; all without bounds', () => {
    const data = points([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // x 1..10
    assert.deepEqual(visibleRange(data, undefined, undefined), { start: 0, count: 10 });
    assert.deepEqual(visibleRange(data, 3.5, 6.5), { start: 2, count: 5 }); // x 4, 5, 6 inside, x 3 and x 7 beyond
    assert.deepEqual(visibleRange(data, 0, 100), { start: 0, count: 10 });
    assert.deepEqual(visibleRange(data, 4, 4), { start: 2, count: 2 }); // x 3 beyond the lower bound, x 4 at both (a point on the bound ends the range, as in chart.js)
  });
});

describe('scanRange (the y axis range of a run)', () => {
  it('the lowest and highest finite value of the points whose step is in view, as chart.js computes it', () => {
    const points = [
      { x: 1, y: 5 },
      { x: 2, y: Number.NaN },
      { x: 3, y: -2 },
      { x: 4, y: Number.POSITIVE_INFINITY },
      { x: 5, y: 9 },
      { x: 6, y: 0.5 },
    ];
    assert.deepEqual(scanRange(points, 'y', 'x', -Infinity, Infinity), { min: -2, max: 9 });
    assert.deepEqual(scanRange(points, 'y', 'x', 4, 6), { min: 0.5, max: 9 });
    assert.deepEqual(scanRange(points, 'y', 'x', 1.5, 2.5), { min: Infinity, max: -Infinity });
    assert.deepEqual(scanRange([], 'y', 'x', -Infinity, Infinity), { min: Infinity, max: -Infinity });
  });

  it("agrees with chart.js's own scan (DatasetController.getMinMax) on noisy runs, zoomed or not", () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];
    for (let run = 0; run < 50; run++) {
      const points = Array.from({ length: 1 + Math.floor(random() * 300) }, (_, i) => ({ x: i + 1, y: random() < 0.05 ? special[Math.floor(random() * special.length)]! : (random() - 0.5) * 10 ** (random() * 6) }));
      const zoom = random() < 0.5 ? { min: random() * 100, max: 100 + random() * 200 } : undefined;
      const xScale = { axis: 'x', getUserBounds: () => ({ min: zoom?.min ?? 0, max: zoom?.max ?? 0, minDefined: zoom !== undefined, maxDefined: zoom !== undefined }) };
      const yScale = { axis: 'y', getUserBounds: () => ({ min: 0, max: 0, minDefined: false, maxDefined: false }) };
      const controller = {
        _cachedMeta: { _parsed: points, _sorted: true, _stacked: false, iScale: xScale, vScale: yScale },
        _getOtherScale: (scale: unknown) => (scale === xScale ? yScale : xScale),
        updateRangeFromParsed: (DatasetController.prototype as unknown as Record<string, unknown>).updateRangeFromParsed,
        chart: {},
      };
      const expected = (DatasetController.prototype as unknown as { getMinMax(this: unknown, scale: unknown, canStack: boolean): { min: number; max: number } }).getMinMax.call(controller, yScale, true);
      assert.deepEqual(scanRange(points, 'y', 'x', zoom?.min ?? -Infinity, zoom?.max ?? Infinity), expected, `run ${run}`);
    }
  });
});

describe('divergence tail and the automatic y axis', () => {
  const points = (ys: number[]) => ys.map((y, i) => ({ x: i + 1, y }));

  it('tailStart: the points after the last one at or below the start, when the run ends above it', () => {
    assert.equal(tailStart(points([24.2, 160, 3.1e6, 1.2e18, 4.2e35])), 2, 'SGD at lr 0.01 on Rosenbrock: everything after step 1');
    assert.equal(tailStart(points([24.2, 10, 3, 20, 30, 1e9])), 5, 'it came down to 3 and back up past 24.2 at step 5');
    assert.equal(tailStart(points([24.2, 10, 3])), null, 'ended below its start: no tail');
    assert.equal(tailStart(points([24.2])), null);
  });

  it('yAxisType: auto is logarithmic past three decades on the loss and gradient-norm charts only; a choice wins', () => {
    assert.equal(yAxisType('loss', undefined, { min: 1e-5, max: 24 }), 'logarithmic');
    assert.equal(yAxisType('loss', undefined, { min: 0.03, max: 24 }), 'linear', '2.9 decades');
    assert.equal(yAxisType('loss', undefined, { min: 0, max: 24 }), 'linear', 'a zero cannot go on a log axis');
    assert.equal(yAxisType('loss', undefined, { min: -1, max: 1e6 }), 'linear');
    assert.equal(yAxisType('loss', undefined, null), 'linear');
    assert.equal(yAxisType('gradNorm', undefined, { min: 1e-6, max: 10 }), 'logarithmic');
    assert.equal(yAxisType('lr', undefined, { min: 1e-9, max: 0.1 }), 'linear', 'a cosine to zero reads on a linear axis');
    assert.equal(yAxisType('metric:accuracy', undefined, { min: 1e-9, max: 1 }), 'linear');
    assert.equal(yAxisType('loss', 'linear', { min: 1e-5, max: 24 }), 'linear');
    assert.equal(yAxisType('lr', 'log', { min: 0.01, max: 0.1 }), 'logarithmic');
    assert.deepEqual(unionRange([{ min: 2, max: 3 }, null, { min: Infinity, max: -Infinity }, { min: 0.5, max: 1 }]), { min: 0.5, max: 3 });
    assert.equal(unionRange([null]), null);
  });
});

describe('run colours', () => {
  // sRGB ↔ linear, WCAG relative luminance, CIELAB, and Machado et al. (2009) simulations of
  // full protanopia, deuteranopia and tritanopia (their matrices, applied in linear RGB).
  const rgb = (hex: string): number[] => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const fromLinear = (c: number): number => {
    const v = Math.min(1, Math.max(0, c));
    return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
  };
  const luminance = (c: number[]): number => {
    const [r, g, b] = c.map(toLinear) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: number[], b: number[]): number => {
    const [la, lb] = [luminance(a), luminance(b)];
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  const MACHADO: Record<string, number[][]> = {
    protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
    tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
  };
  const simulate = (c: number[], m: number[][]): number[] => {
    const l = c.map(toLinear);
    return m.map((row) => fromLinear(row[0]! * l[0]! + row[1]! * l[1]! + row[2]! * l[2]!));
  };
  const lab = (c: number[]): number[] => {
    const [r, g, b] = c.map(toLinear) as [number, number, number];
    const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
    return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
  };
  const deltaE = (a: number[], b: number[]): number => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]!));

  for (const [name, palette, backgrounds] of [
    ['dark', DARK_PALETTE, { 'Dark Modern': '#1f1f1f', 'Dark High Contrast': '#000000' }],
    ['light', LIGHT_PALETTE, { 'Light Modern': '#ffffff', 'Light High Contrast': '#ffffff' }],
  ] as const) {
    it(`the ${name} palette: every run colour keeps 3:1 against the editor background and every pair ≥ 12 ΔE apart, with or without a colour-vision deficiency`, () => {
      for (const [theme, background] of Object.entries(backgrounds)) {
        for (const color of palette) assert.ok(contrast(rgb(color), rgb(background)) >= 3, `${color} on ${theme} (${background}): ${contrast(rgb(color), rgb(background)).toFixed(2)}:1`);
      }
      for (const [vision, matrix] of [['normal vision', null], ...Object.entries(MACHADO)] as const) {
        const seen = palette.map((c) => (matrix ? simulate(rgb(c), matrix) : rgb(c)));
        for (let i = 0; i < seen.length; i++) {
          for (let j = i + 1; j < seen.length; j++) {
            const d = deltaE(seen[i]!, seen[j]!);
            assert.ok(d >= 12, `${palette[i]} and ${palette[j]} are only ${d.toFixed(1)} ΔE apart in ${vision}`);
          }
        }
      }
    });
  }
});

describe('smoothing and the epoch axis', () => {
  it("DebiasedEma is TensorBoard's smoothing: an EMA from 0 divided by 1 − w^n (by hand: w 0.5 on 1, 3, 3)", () => {
    const ema = new DebiasedEma(0.5);
    // n=1: 0.5·1 / 0.5 = 1; n=2: (0.25 + 1.5) / 0.75 = 7/3; n=3: (0.875 + 1.5) / 0.875 = 19/7.
    assert.deepEqual([1, 3, 3].map((y) => ema.next(y)), [1, 7 / 3, 19 / 7]);
    const constant = new DebiasedEma(0.9);
    for (let i = 0; i < 50; i++) assert.ok(Math.abs(constant.next(5) - 5) < 1e-12, 'a constant stays itself (no pull towards 0)');
  });

  it('DerivedSeries extends a growing series, recomputes on a new weight or axis, and gives the series itself when nothing is derived', () => {
    const derived = new DerivedSeries();
    const source = [{ x: 1, y: 1 }, { x: 2, y: 3 }];
    assert.equal(derived.get('k', source, { smoothing: 0, stepsPerUnit: 1 }), source);
    const smoothed = derived.get('k', source, { smoothing: 0.5, stepsPerUnit: 4 });
    assert.deepEqual(smoothed, [{ x: 0.25, y: 1 }, { x: 0.5, y: 7 / 3 }]);
    source.push({ x: 3, y: 3 });
    assert.equal(derived.get('k', source, { smoothing: 0.5, stepsPerUnit: 4 }), smoothed, 'the same array, extended');
    assert.deepEqual(smoothed[2], { x: 0.75, y: 19 / 7 });
    assert.deepEqual(derived.get('k', source, { smoothing: 0, stepsPerUnit: 2 }).map((p) => p.x), [0.5, 1, 1.5]);
  });

  it('steps per epoch: ⌈items ÷ batch size⌉ (the run\'s batch size, else the objective\'s, else all items), 1 without data, unknown without info', () => {
    const info = { form: 'object' as const, hasGradient: true, stochastic: true, hasMetrics: false, x0: [0], dataItems: 100 };
    const meta = (batchSize: number | undefined, extra: Record<string, unknown> = {}) => ({ ...runMeta('a', 0, 'x'), config: { ...runMeta('a', 0, 'x').config, ...(batchSize !== undefined ? { batchSize } : {}) }, info: { ...info, ...extra } });
    assert.equal(stepsPerEpoch(meta(32)), 4);
    assert.equal(stepsPerEpoch(meta(undefined, { batchSize: 10 })), 10);
    assert.equal(stepsPerEpoch(meta(undefined)), 1, 'the whole data set each step');
    assert.equal(stepsPerEpoch(meta(500)), 1, 'a batch larger than the data is the data');
    assert.equal(stepsPerEpoch(meta(32, { stochastic: false, dataItems: undefined })), 1);
    assert.equal(stepsPerEpoch(runMeta('a', 0, 'x')), null);
  });
});
