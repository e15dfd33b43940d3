/**
 * The sweep view: a form (lr range, optimizers, schedules, seeds, iterations), then the heat
 * map of the sweep — lr on x, optimizer × schedule on y, each cell coloured by the chosen
 * number (final loss, best loss, or steps to a target loss), cells that diverged, timed out,
 * failed or were stopped marked rather than coloured (chartjs-chart-matrix; a stopped cell's
 * steps to the target are coloured, they are a full run's) — and the "lr
 * sensitivity" lines (the number against the lr, one line per optimizer × schedule). Clicking
 * a cell (or Enter on it) overlays its run in the curves and the landscape.
 *
 * Test hooks on the root: data-status (idle | running | done), data-cells, data-cells-done,
 * data-coloured, data-marked, data-metric, data-lines, data-overlaid, data-rows, data-columns,
 * data-plot-area ("left,top,right,bottom" of the heat map), data-selected, data-steps-unknown
 * ("index:reason,…" of cells whose steps to the target are unknown for a reason the tooltip gives).
 */
import * as l10n from '@vscode/l10n';
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { MatrixDataPoint } from 'chartjs-chart-matrix';
import type { Catalog, CellSummaryMessage, RawTypedConfig, StepsUnknown, SweepCellMessage, SweepStateMessage } from '../../../src/shared/protocol';
import { formatDuration, formatNumber, PANEL_DURATION, PANEL_NUMBER } from '../../../src/shared/format';
import { catalogText } from '../../../src/shared/catalogText';
import { engineText } from '../../../src/shared/engineText';
import { readNumberList } from '../../../src/shared/numberList';
import { stopReasonText } from '../../../src/shared/runSummary';
import { withStepsToTarget } from '../../../src/shared/sweepSteps';
import { h, labelledField, setAttr, setText } from '../../dom';
import type { Unregister } from '../../router';
import { runColor, withAlpha, type Theme } from '../../theme';
import type { PanelView, ViewContext } from '../../view';
import { Chart, OFF_PLUGINS, registerPlaygroundCharts, themedAxis, themedTooltip } from '../playgroundCharts';
import { createSection } from '../section';
import { rampColor, rampPosition, textOn } from './colorRamp';

type Metric = 'finalLoss' | 'bestLoss' | 'stepsToTarget';
const METRICS: Record<Metric, string> = { finalLoss: l10n.t('final loss'), bestLoss: l10n.t('best loss'), stepsToTarget: l10n.t('steps to the target loss') };
/** Cells that ran to their end: the others are marked, not coloured. */
const FINISHED = new Set(['maxIterations', 'converged']);
/**
 * Cells stopped from outside (Stop, the time limit) whose steps to the target are coloured too:
 * the steps up to the target are those a run to the end takes, and the ending says nothing of the
 * optimizer or the objective (a divergence or a failure keeps its mark).
 */
const STOPPED = new Set(['cancelled', 'timeout']);
/** How a cell that has no number is marked. */
const MARKS: Partial<Record<string, string>> = { diverged: '✕', timeout: '◔', error: '!', cancelled: '–' };

interface Cell extends MatrixDataPoint {
  x: string;
  y: string;
  /** The cells of this (row, column) over the seeds. */
  cells: SweepCellMessage[];
}

export interface SweepViewOptions {
  /** The optimizer and schedule of the panel's form now (their options go to the same types in the sweep). */
  currentControls(): { optimizer: RawTypedConfig; schedule: RawTypedConfig; iterations: number } | null;
}

export interface SweepView extends PanelView {
  reveal(): void;
}

export function createSweepView(context: ViewContext, options: SweepViewOptions): SweepView {
  registerPlaygroundCharts();
  const { store, router, post, model } = context;
  const section = createSection({ id: 'sweep', title: l10n.t('Sweep'), description: l10n.t('A grid of lr × optimizers × schedules, each cell a run'), store });
  const root = section.root;
  root.classList.add('view');
  root.dataset.view = 'sweep';

  // ---------------------------------------------------------------- form
  const text = (id: string, value: string, label: string, width = 'number'): HTMLInputElement => {
    const input = h('input', { id, type: 'text', class: `small ${width}`, value: store.option<string>(`sweep.${id}`, value), 'aria-label': label, spellcheck: false });
    input.addEventListener('change', () => store.setOption(`sweep.${id}`, input.value));
    return input;
  };
  const lrFrom = text('sweep-lr-from', '1e-4', l10n.t('Smallest lr'));
  const lrTo = text('sweep-lr-to', '1', l10n.t('Largest lr'));
  const lrCount = text('sweep-lr-count', '9', l10n.t('Learning rates'));
  const seeds = text('sweep-seeds', '0', l10n.t('Seeds (comma-separated)'));
  const iterations = text('sweep-iterations', '', l10n.t('Steps per cell (empty: the controls’)'));
  iterations.placeholder = l10n.t('as the controls');
  const target = text('sweep-target', '', l10n.t('Target loss (for steps to target)'));
  target.placeholder = l10n.t('e.g. {0}', '0.01');
  const metric = h('select', { class: 'small', 'aria-label': l10n.t('What the heat map colours') }, ...Object.entries(METRICS).map(([value, label]) => h('option', { value }, label)));
  metric.value = store.option<string>('sweep.metric', 'finalLoss');
  const optimizerChecks = h('div', { class: 'check-grid' });
  const scheduleChecks = h('div', { class: 'check-grid' });
  const optimizersBox = h('details', { class: 'sweep-choices' }, h('summary', {}, l10n.t('Optimizers')), optimizerChecks);
  const schedulesBox = h('details', { class: 'sweep-choices' }, h('summary', {}, l10n.t('Schedules')), scheduleChecks);
  const start = h('button', { type: 'button', class: 'primary small' }, l10n.t('Run sweep'));
  const stop = h('button', { type: 'button', class: 'secondary small', disabled: true }, l10n.t('Stop'));
  section.tools.append(start, stop);
  const formError = h('p', { class: 'sweep-error', hidden: true, role: 'alert' });
  const form = h(
    'div',
    { class: 'sweep-form' },
    h('div', { class: 'fields' }, labelledField(l10n.t('lr from'), lrFrom), labelledField(l10n.t('lr to'), lrTo), labelledField(l10n.t('lrs (log-spaced)'), lrCount), labelledField(l10n.t('steps per cell'), iterations), labelledField(l10n.t('seeds'), seeds), labelledField(l10n.t('target loss'), target), labelledField(l10n.t('colour by'), metric)),
    h('div', { class: 'sweep-choice-row' }, optimizersBox, schedulesBox),
    formError,
  );
  const status = h('p', { class: 'hint sweep-status', role: 'status' }, l10n.t('Choose a range of learning rates, optimizers and schedules, then Run sweep: each cell is a full run, run in parallel.'));
  const heatCanvas = h('canvas', { role: 'img', tabindex: 0, 'aria-label': l10n.t('Heat map: a number per learning rate and optimizer × schedule') });
  const heatBox = h('div', { class: 'chart-box sweep-heat' }, heatCanvas);
  const legend = h('div', { class: 'sweep-legend' });
  const lineCanvas = h('canvas', { role: 'img', 'aria-label': l10n.t('lr sensitivity: the number against the lr, one line per optimizer × schedule') });
  const lineBox = h('div', { class: 'chart-box sweep-lines' }, lineCanvas);
  const results = h('div', { class: 'sweep-results', hidden: true }, h('div', { class: 'chart-card' }, h('h3', { class: 'chart-title' }, l10n.t('Heat map')), heatBox, legend), h('div', { class: 'chart-card' }, h('h3', { class: 'chart-title' }, l10n.t('lr sensitivity')), lineBox));
  section.body.append(form, status, results);

  // ---------------------------------------------------------------- state
  let sweep: SweepStateMessage | null = null;
  let catalog: Catalog | null = null;
  let dirty = true;
  let selected: { row: number; column: number } | null = null;
  let counts = { coloured: 0, marked: 0 };

  const heat = new Chart<'matrix', Cell[]>(heatCanvas, heatConfig(context.theme()));
  const lines = new Chart<'line', { x: number; y: number | null }[]>(lineCanvas, lineConfig(context.theme()));

  function fillChoices(): void {
    if (!catalog) return;
    const current = options.currentControls();
    const chosen = (key: string, fallback: string[]): Set<string> => new Set(store.option<string>(key, fallback.join(',')).split(',').filter(Boolean));
    const optimizerDefault = [...new Set([current?.optimizer.type ?? 'adam', 'sgd', 'adam'])];
    const pickedOptimizers = chosen('sweep.optimizers', optimizerDefault);
    const pickedSchedules = chosen('sweep.schedules', [current?.schedule.type ?? 'constant']);
    const boxes = (container: HTMLElement, kind: 'optimizer' | 'schedule', entries: Catalog['optimizers'], picked: Set<string>, key: string, summary: HTMLElement) => {
      container.replaceChildren(
        ...entries.map((entry) => {
          const box = h('input', { type: 'checkbox', value: entry.type, 'data-type': entry.type });
          box.checked = picked.has(entry.type);
          box.addEventListener('change', () => {
            store.setOption(key, [...container.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value).join(','));
            updateSummary(container, summary);
          });
          // The label is the type (a code name); the tooltip its summary, the engine's English only for a type src/shared/catalogText does not know.
          const words = catalogText(kind, entry);
          return h('label', { class: 'check', title: words.summary, lang: words.english ? 'en' : null }, box, entry.type);
        }),
      );
      updateSummary(container, summary);
    };
    boxes(optimizerChecks, 'optimizer', catalog.optimizers, pickedOptimizers, 'sweep.optimizers', optimizersBox.querySelector('summary')!);
    boxes(scheduleChecks, 'schedule', catalog.schedules, pickedSchedules, 'sweep.schedules', schedulesBox.querySelector('summary')!);
  }

  function updateSummary(container: HTMLElement, summary: HTMLElement): void {
    const picked = [...container.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
    const list = picked.join(', ') || l10n.t('none');
    setText(summary, summary === optimizersBox.querySelector('summary') ? l10n.t('Optimizers: {0}', list) : l10n.t('Schedules: {0}', list));
  }

  function readRequest(): { ok: true; message: Extract<Parameters<typeof post>[0], { type: 'sweep' }> } | { ok: false; error: string } {
    const current = options.currentControls();
    const a = Number(lrFrom.value);
    const b = Number(lrTo.value);
    const n = Number(lrCount.value);
    if (!(a > 0) || !(b > 0)) return { ok: false, error: l10n.t('The lr range needs two numbers > 0 (e.g. {0} and {1}).', '1e-4', '1') };
    if (!Number.isInteger(n) || n < 1 || n > 200) return { ok: false, error: l10n.t('The number of lrs must be an integer from {0} to {1}.', 1, 200) };
    // lrlab's reader of a typed list: a problem names the entry and why, in the CLI's words ("seeds: entry 2 of 3 is empty; write e.g. 0,1,2").
    const seedsRead = readNumberList(seeds.value, l10n.t('seeds'), '0,1,2', true);
    if (seedsRead.problem !== null) return { ok: false, error: engineText(seedsRead.problem) };
    const seedList = seedsRead.values;
    const steps = iterations.value.trim() === '' ? (current?.iterations ?? 200) : Number(iterations.value);
    if (!Number.isInteger(steps) || steps < 1) return { ok: false, error: l10n.t('Steps per cell must be a positive integer.') };
    const targetLoss = target.value.trim() === '' ? null : Number(target.value);
    if (targetLoss !== null && !Number.isFinite(targetLoss)) return { ok: false, error: l10n.t('The target loss must be a number (or empty).') };
    const withOptions = (type: string, own: RawTypedConfig | undefined): RawTypedConfig => (own && own.type === type ? own : { type });
    const optimizers = [...optimizerChecks.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => withOptions(b.value, current?.optimizer));
    const schedules = [...scheduleChecks.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => withOptions(b.value, current?.schedule));
    if (optimizers.length === 0) return { ok: false, error: l10n.t('Tick at least one optimizer.') };
    if (schedules.length === 0) return { ok: false, error: l10n.t('Tick at least one schedule.') };
    const cells = n * optimizers.length * schedules.length * seedList.length;
    if (cells > 10_000) return { ok: false, error: l10n.t('{0} cells is too many (at most {1}).', cells, formatNumber(10_000, PANEL_NUMBER)) };
    return { ok: true, message: { type: 'sweep', lrMin: Math.min(a, b), lrMax: Math.max(a, b), lrCount: n, optimizers, schedules, seeds: seedList, iterations: steps, targetLoss } };
  }

  start.addEventListener('click', () => {
    const r = readRequest();
    formError.hidden = r.ok;
    if (!r.ok) {
      setText(formError, r.error);
      return;
    }
    post(r.message);
  });
  stop.addEventListener('click', () => sweep && post({ type: 'cancelSweep', sweepId: sweep.sweepId }));
  metric.addEventListener('change', () => {
    store.setOption('sweep.metric', metric.value);
    dirty = true;
    context.scheduler.request();
  });
  target.addEventListener('change', () => {
    if (!sweep) return;
    const value = target.value.trim() === '' ? null : Number(target.value);
    if (value === null || Number.isFinite(value)) post({ type: 'sweepTarget', sweepId: sweep.sweepId, targetLoss: value });
  });

  // ---------------------------------------------------------------- messages
  const unregister: Unregister[] = [
    router.on('init', (message) => {
      catalog = message.catalog;
      fillChoices();
      show(message.sweep);
    }),
    router.on('sweepStarted', (message) => {
      section.expand();
      selected = null;
      show(message.sweep);
    }),
    router.on('sweepCell', (message) => {
      if (!sweep || sweep.sweepId !== message.sweepId) return;
      sweep.cells[message.cell.index] = message.cell;
      dirty = true;
      context.scheduler.request();
    }),
    router.on('sweepFinished', (message) => {
      if (!sweep || sweep.sweepId !== message.sweepId) return;
      sweep.running = false;
      dirty = true;
      context.scheduler.request();
    }),
    router.on('sweepSteps', (message) => {
      if (!sweep || sweep.sweepId !== message.sweepId) return;
      sweep.targetLoss = message.targetLoss;
      message.steps.forEach((steps, i) => {
        const cell = sweep!.cells[i];
        if (cell?.summary) sweep!.cells[i] = { ...cell, summary: withStepsToTarget(cell.summary, steps, message.unknown?.[i] ?? null) };
      });
      dirty = true;
      context.scheduler.request();
    }),
  ];

  function show(next: SweepStateMessage | null): void {
    sweep = next ? { ...next, cells: [...next.cells] } : null;
    if (sweep && sweep.targetLoss !== null) target.value = String(sweep.targetLoss);
    dirty = true;
    context.scheduler.request();
  }

  // ---------------------------------------------------------------- drawing
  /** A cell's number: none for a cell that did not finish (diverged, timed out, failed, stopped), which is marked instead — but for the steps to the target of a stopped one. */
  function metricOf(summary: CellSummaryMessage | null): number | null {
    if (!summary) return null;
    const counts = FINISHED.has(summary.stopReason) || (metric.value === 'stepsToTarget' && STOPPED.has(summary.stopReason));
    return counts ? summary[metric.value as Metric] : null;
  }

  /** The (row, column) cells: the median of the seeds' finite numbers; a mark when none has one. */
  function cellsOf(s: SweepStateMessage): Cell[] {
    const out: Cell[] = [];
    for (let row = 0; row < s.rows.length; row++) {
      for (let column = 0; column < s.lrs.length; column++) {
        const cells = s.cells.filter((c) => c.row === row && c.column === column);
        const values = cells.map((c) => metricOf(c.summary)).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
        out.push({ x: lrLabel(s, column), y: s.rows[row]!.label, v: values.length ? median(values) : NaN, cells });
      }
    }
    return out;
  }

  function render(): void {
    const running = sweep?.running ?? false;
    start.disabled = running;
    stop.disabled = !running;
    const wasHidden = results.hidden;
    results.hidden = sweep === null;
    // Shown just now: the charts were laid out at size 0.
    if (wasHidden && !results.hidden) {
      heat.resize();
      lines.resize();
    }
    setText(status, statusText());
    if (!section.expanded || !dirty || !sweep) return writeHooks();
    dirty = false;
    const theme = context.theme();
    const cells = cellsOf(sweep);
    const finite = cells.map((c) => c.v!).filter((v) => Number.isFinite(v));
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    const log = metric.value !== 'stepsToTarget' && lo > 0;
    counts = { coloured: 0, marked: 0 };
    const colorOf = (cell: Cell): string => {
      if (Number.isFinite(cell.v!)) return rampColor(rampPosition(cell.v!, lo, hi, log));
      return withAlpha(theme.foreground, 0.06);
    };
    for (const cell of cells) {
      if (Number.isFinite(cell.v!)) counts.coloured++;
      else if (cell.cells.every((c) => c.status === 'done')) counts.marked++;
    }
    const ds = heat.data.datasets[0]!;
    ds.data = cells;
    ds.backgroundColor = (ctx) => colorOf(ctx.raw as Cell);
    ds.borderColor = (ctx) => {
      const cell = ctx.raw as Cell | undefined;
      const overlaid = cell?.cells.find((c) => c.runId !== null && model.get(c.runId!));
      if (overlaid) return runColor(theme, model.get(overlaid.runId!)!.meta.colorIndex);
      if (cell?.cells.some((c) => c.status === 'running')) return theme.foreground;
      return withAlpha(theme.foreground, 0.15);
    };
    ds.borderWidth = (ctx) => ((ctx.raw as Cell | undefined)?.cells.some((c) => (c.runId !== null && model.get(c.runId)) || c.status === 'running') ? 2.5 : 1);
    heat.options.scales!.x = categoryAxis(theme, l10n.t('learning rate'), sweep.lrs.map((_, i) => lrLabel(sweep!, i))) as never;
    // The matrix's vertical category axis puts its first label at the bottom: listed backwards, the first row is on top, as the form lists the optimizers.
    heat.options.scales!.y = categoryAxis(theme, '', sweep.rows.map((r) => r.label).reverse()) as never;
    heat.options.plugins!.tooltip = { ...themedTooltip(theme), callbacks: { title: (items: TooltipItem<'matrix'>[]) => cellTitle(items[0]?.raw as Cell), label: (item: TooltipItem<'matrix'>) => cellLines(item.raw as Cell) } };
    heatBox.style.height = `${Math.max(140, 46 + sweep.rows.length * 34)}px`;
    heat.update('none');
    drawLegend(lo, hi, log);
    drawLines(theme, cells, log);
    writeHooks();
  }

  function drawLegend(lo: number, hi: number, log: boolean): void {
    const name = METRICS[metric.value as Metric];
    if (!Number.isFinite(lo)) {
      setText(legend, l10n.t('{0}: no cell has one yet', name));
      return;
    }
    const bar = h('span', { class: 'ramp', 'aria-hidden': 'true' });
    const stops = Array.from({ length: 9 }, (_, i) => rampColor(i / 8)).join(', ');
    bar.style.backgroundImage = `linear-gradient(to right, ${stops})`;
    legend.replaceChildren(h('span', {}, `${name} ${formatNumber(lo, PANEL_NUMBER)}`), bar, h('span', {}, log ? l10n.t('{0} (log scale)', formatNumber(hi, PANEL_NUMBER)) : formatNumber(hi, PANEL_NUMBER)), h('span', { class: 'hint' }, l10n.t('✕ diverged · ◔ timed out · ! error · – stopped · click a cell to overlay its run')));
  }

  function drawLines(theme: Theme, cells: Cell[], log: boolean): void {
    if (!sweep) return;
    const s = sweep;
    lines.data.datasets = s.rows.map((row, r) => ({
      label: row.label,
      data: s.lrs.map((lr, column) => {
        const v = cells[r * s.lrs.length + column]!.v!;
        return { x: Number(lr), y: Number.isFinite(v) ? v : null };
      }),
      borderColor: theme.palette[r % theme.palette.length],
      backgroundColor: theme.palette[r % theme.palette.length],
      pointRadius: 3,
      spanGaps: false,
    }));
    lines.options.scales!.y = themedAxis(theme, log ? 'logarithmic' : 'linear', METRICS[metric.value as Metric]) as never;
    lines.update('none');
  }

  function statusText(): string {
    if (!sweep) return l10n.t('Choose a range of learning rates, optimizers and schedules, then Run sweep: each cell is a full run, run in parallel.');
    const done = sweep.cells.filter((c) => c.status === 'done').length;
    const seedsPart = sweep.seeds.length > 1 ? l10n.t(' × {0} seeds', sweep.seeds.length) : '';
    const head = l10n.t('{0}: {1} cells ({2} lrs × {3} optimizer·schedule{4}, {5} steps each) on {6} worker(s)', sweep.objective.name, sweep.cells.length, sweep.lrs.length, sweep.rows.length, seedsPart, sweep.iterations, sweep.jobs);
    if (sweep.running) return l10n.t('{0} — {1} done…', head, done);
    const best = sweep.cells.filter((c) => c.summary && (c.summary.stopReason === 'maxIterations' || c.summary.stopReason === 'converged') && c.summary.finalLoss !== null).sort((a, b) => a.summary!.finalLoss! - b.summary!.finalLoss!)[0];
    if (!best) return l10n.t('{0} — done', head);
    return l10n.t('{0} — done; best: {1} at lr {2}, final loss {3}', head, sweep.rows[best.row]!.label, formatNumber(best.lr, PANEL_NUMBER), formatNumber(best.summary!.finalLoss!, PANEL_NUMBER));
  }

  function cellTitle(cell: Cell | undefined): string {
    return cell ? l10n.t('{0} · lr {1}', cell.y, cell.x) : '';
  }

  function cellLines(cell: Cell | undefined): string[] {
    if (!cell) return [];
    return cell.cells.flatMap((c) => {
      const seed = sweep && sweep.seeds.length > 1 ? l10n.t('seed {0}: ', c.seed) : '';
      if (c.status !== 'done' || !c.summary) return [`${seed}${cellStatusText(c.status)}`];
      const s = c.summary;
      const target = s.stepsToTarget !== null ? l10n.t(', {0} steps to the target', s.stepsToTarget) : '';
      const line = l10n.t('{0} · final {1} · best {2} · {3} steps{4} · {5}', stopReasonText(s.stopReason), formatNumber(s.finalLoss ?? NaN, PANEL_NUMBER), formatNumber(s.bestLoss ?? NaN, PANEL_NUMBER), s.steps, target, formatDuration(s.ms, PANEL_DURATION));
      const unknown = s.stepsToTarget === null && s.stepsUnknown !== undefined ? [`  ${stepsUnknownText(s.stepsUnknown, s.steps)}`] : [];
      return [`${seed}${line}`, ...(s.stopReason === 'maxIterations' ? [] : [`  ${s.detail}`]), ...unknown];
    });
  }

  function writeHooks(): void {
    const d = root.dataset;
    d.status = !sweep ? 'idle' : sweep.running ? 'running' : 'done';
    d.cells = String(sweep?.cells.length ?? 0);
    d.cellsDone = String(sweep?.cells.filter((c) => c.status === 'done').length ?? 0);
    d.coloured = String(counts.coloured);
    d.marked = String(counts.marked);
    d.metric = metric.value;
    // Cells whose steps to the target are unknown for a reason the tooltip gives: "index:reason", …
    d.stepsUnknown = sweep?.cells.flatMap((c) => (c.summary?.stepsUnknown ? [`${c.index}:${c.summary.stepsUnknown}`] : [])).join(',') ?? '';
    d.lines = String(lines.data.datasets.length);
    d.overlaid = String(sweep?.cells.filter((c) => c.runId !== null && model.get(c.runId)).length ?? 0);
    d.rows = String(sweep?.rows.length ?? 0);
    d.columns = String(sweep?.lrs.length ?? 0);
    const area = heat.chartArea;
    setAttr(root, 'data-plot-area', area ? [area.left, area.top, area.right, area.bottom].map((v) => Math.round(v)).join(',') : null);
    setAttr(root, 'data-selected', selected ? `${selected.row},${selected.column}` : null);
  }

  // ---------------------------------------------------------------- interaction
  function overlay(row: number, column: number): void {
    if (!sweep) return;
    selected = { row, column };
    for (const cell of sweep.cells.filter((c) => c.row === row && c.column === column && c.status === 'done')) post({ type: 'showSweepCell', sweepId: sweep.sweepId, index: cell.index });
    writeHooks();
  }
  heatCanvas.addEventListener('click', (event) => {
    const hit = heat.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false)[0];
    if (!hit || !sweep) return;
    const cell = heat.data.datasets[0]!.data[hit.index] as Cell;
    overlay(sweep.rows.findIndex((r) => r.label === cell.y), sweep.lrs.findIndex((_, i) => lrLabel(sweep!, i) === cell.x));
  });
  heatCanvas.addEventListener('keydown', (event) => {
    if (!sweep) return;
    const rows = sweep.rows.length;
    const columns = sweep.lrs.length;
    const at = selected ?? { row: 0, column: 0 };
    const moves: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const move = moves[event.key];
    if (move) {
      selected = { row: Math.min(rows - 1, Math.max(0, at.row + move[0])), column: Math.min(columns - 1, Math.max(0, at.column + move[1])) };
      event.preventDefault();
      writeHooks();
    } else if (event.key === 'Enter' || event.key === ' ') {
      overlay(at.row, at.column);
      event.preventDefault();
    }
  });

  function heatConfig(theme: Theme): ChartConfiguration<'matrix', Cell[]> {
    return {
      type: 'matrix',
      data: {
        datasets: [
          {
            label: 'sweep',
            data: [],
            width: ({ chart }) => (chart.chartArea?.width ?? 0) / Math.max(1, sweep?.lrs.length ?? 1) - 3,
            height: ({ chart }) => (chart.chartArea?.height ?? 0) / Math.max(1, sweep?.rows.length ?? 1) - 3,
          },
        ],
      },
      plugins: [cellMarks()],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        // The cells' geometry changes with the size: the test hooks follow.
        onResize: () => requestAnimationFrame(() => writeHooks()),
        plugins: { ...OFF_PLUGINS, legend: { display: false }, tooltip: themedTooltip(theme) },
        scales: { x: { type: 'category', offset: true }, y: { type: 'category', offset: true } },
      },
    };
  }

  /** Draws a cell's mark (✕ ◔ ! –) or its number when it is wide enough (in the theme of the moment). */
  function cellMarks() {
    return {
      id: 'lrlabCellMarks',
      afterDatasetsDraw(chart: Chart<'matrix', Cell[]>) {
        const theme = context.theme();
        const meta = chart.getDatasetMeta(0);
        const ctx = chart.ctx;
        ctx.save();
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
        const cells = chart.data.datasets[0]!.data;
        const finite = cells.map((c) => c.v!).filter((v) => Number.isFinite(v));
        const lo = Math.min(...finite);
        const hi = Math.max(...finite);
        const log = metric.value !== 'stepsToTarget' && lo > 0;
        meta.data.forEach((element, i) => {
          const cell = cells[i]!;
          const { x, y, width } = element.getProps(['x', 'y', 'width'], true) as unknown as { x: number; y: number; width: number };
          const cx = x + width / 2;
          const cy = y + (element.getProps(['height'], true) as unknown as { height: number }).height / 2;
          if (Number.isFinite(cell.v!)) {
            if (width < 44) return;
            ctx.fillStyle = textOn(rampPosition(cell.v!, lo, hi, log));
            ctx.fillText(formatNumber(cell.v!, PANEL_NUMBER), cx, cy);
            return;
          }
          const reasons = cell.cells.map((c) => (c.status === 'done' ? (c.summary?.stopReason ?? '') : c.status));
          const mark = reasons.includes('running') ? '…' : reasons.map((r) => MARKS[r]).find(Boolean);
          if (!mark) return;
          ctx.fillStyle = theme.foreground;
          ctx.fillText(mark, cx, cy);
        });
        if (selected && document.activeElement === heatCanvas) {
          const i = selected.row * (sweep?.lrs.length ?? 0) + selected.column;
          const element = meta.data[i];
          if (element) {
            const { x, y, width, height } = element.getProps(['x', 'y', 'width', 'height'], true) as unknown as { x: number; y: number; width: number; height: number };
            ctx.strokeStyle = theme.foreground;
            ctx.setLineDash([3, 2]);
            ctx.strokeRect(x - 1, y - 1, width + 2, height + 2);
          }
        }
        ctx.restore();
      },
    };
  }

  function lineConfig(theme: Theme): ChartConfiguration<'line', { x: number; y: number | null }[]> {
    return {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        elements: { line: { tension: 0, borderWidth: theme.lineWidth } },
        scales: { x: themedAxis(theme, 'logarithmic', l10n.t('learning rate')), y: themedAxis(theme, 'logarithmic', METRICS[metric.value as Metric] ?? METRICS.finalLoss) },
        plugins: { ...OFF_PLUGINS, legend: { display: true, labels: { color: theme.foreground, boxWidth: 12 } }, tooltip: themedTooltip(theme) },
      },
    };
  }

  return {
    root,
    render,
    runsChanged: () => {
      // An overlaid cell's run was removed or hidden: its border goes.
      dirty = true;
    },
    setTheme: (theme) => {
      heat.options = heatConfig(theme).options!;
      lines.options = lineConfig(theme).options!;
      dirty = true;
    },
    pngCharts: () => (section.expanded && sweep ? [{ title: l10n.t('Sweep heat map'), card: heatBox, canvas: heatCanvas }, { title: l10n.t('lr sensitivity'), card: lineBox, canvas: lineCanvas }] : []),
    reveal: () => section.expand(),
    dispose: () => {
      for (const undo of unregister) undo();
      heat.destroy();
      lines.destroy();
      root.remove();
    },
  };
}

/** A category axis in the panel's look: its labels as given (not formatted as numbers). */
function categoryAxis(theme: Theme, title: string, labels: string[]) {
  const axis = themedAxis(theme, 'linear', title);
  return { ...axis, type: 'category', labels, offset: true, grid: { display: false }, title: { ...axis.title, display: title !== '' }, ticks: { color: axis.ticks.color, font: axis.ticks.font, autoSkip: true, maxRotation: 0 } };
}

/** A cell that has not finished, in words (a finished one is told by its stop reason). */
function cellStatusText(status: string): string {
  return status === 'running' ? l10n.t('running') : l10n.t('waiting');
}

/** Why a cell whose best loss reached the target has no steps to it (yet): its run again for the same steps is under way, or did not reproduce it. */
function stepsUnknownText(why: StepsUnknown, steps: number): string {
  return why === 'counting'
    ? l10n.t('Steps to the target: counting (the cell runs again for its {0} steps)…', steps)
    : l10n.t('Steps to the target unknown: run again for its {0} steps, the cell did not give the same losses', steps);
}

function lrLabel(s: SweepStateMessage, column: number): string {
  return formatNumber(Number(s.lrs[column]), PANEL_NUMBER);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
