/**
 * The lr finder view: "Find lr" runs fastai's range test on the panel's objective with the
 * panel's optimizer (its lr is the ramp's). The chart plots the smoothed loss against the lr
 * (log axis) and the raw loss faintly, shades the parts fastai leaves out of its suggestions
 * (the first tenth and the last 5 steps), and marks valley, steep and minimum
 * (chartjs-plugin-annotation). Picking one — its button, or its line on the chart — sets the
 * lr control, and starts a run too when "then run" is ticked.
 *
 * Test hooks on the root: data-status (idle | running | done | error), data-steps,
 * data-stop-reason, data-suggestions ("valley=…;steep=…;minimum=…"), data-annotations (marks
 * drawn), data-render-count.
 */
import * as l10n from '@vscode/l10n';
import type { ChartConfiguration } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import type { FinderResultMessage, FinderStateMessage, RawTypedConfig } from '../../../src/shared/protocol';
import { formatNumber, PANEL_NUMBER } from '../../../src/shared/format';
import { localizedDetail } from '../../../src/shared/engineText';
import { h, labelledField, setAttr, setText } from '../../dom';
import type { Unregister } from '../../router';
import { withAlpha, type Theme } from '../../theme';
import type { PanelView, ViewContext } from '../../view';
import { Chart, OFF_PLUGINS, registerPlaygroundCharts, themedAxis, themedTooltip } from '../playgroundCharts';
import { createSection } from '../section';

const RULES = ['valley', 'steep', 'minimum'] as const;
type Rule = (typeof RULES)[number];
/** fastai's rule names, in the page's language (the rule keys stay fastai's). */
const ruleName = (rule: Rule): string => (rule === 'valley' ? l10n.t('valley') : rule === 'steep' ? l10n.t('steep') : l10n.t('minimum'));
const RULE_HINT: Record<Rule, string> = {
  valley: l10n.t('fastai’s default: the longest fall of the smoothed loss, a third plus a sixth along it'),
  steep: l10n.t('where the smoothed loss falls fastest per unit of log lr'),
  minimum: l10n.t('the lr of the lowest smoothed loss ÷ 10'),
};
/** Suggestion colours from the run palette, one per rule. */
const RULE_PALETTE: Record<Rule, number> = { valley: 2, steep: 1, minimum: 4 };

type Point = { x: number; y: number };

export interface FinderViewOptions {
  /** The optimizer the panel's form holds now (null while a field is invalid). */
  currentOptimizer(): RawTypedConfig | null;
}

export interface FinderView extends PanelView {
  reveal(): void;
}

export function createFinderView(context: ViewContext, options: FinderViewOptions): FinderView {
  registerPlaygroundCharts();
  const { store, router, post } = context;
  const section = createSection({ id: 'finder', title: l10n.t('LR finder'), description: l10n.t('The learning-rate range test (fastai’s lr_find)'), store });
  const root = section.root;
  root.classList.add('view');
  root.dataset.view = 'finder';

  const numberInput = (id: string, value: number, label: string) => {
    const input = h('input', { id, type: 'text', class: 'small number', inputmode: 'decimal', value: String(store.option<number>(`finder.${id}`, value)), 'aria-label': label, spellcheck: false });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (Number.isFinite(v) && v > 0) store.setOption(`finder.${id}`, v);
    });
    return input;
  };
  const startLr = numberInput('finder-start', 1e-7, l10n.t('Start lr'));
  const endLr = numberInput('finder-end', 10, l10n.t('End lr'));
  const numIt = numberInput('finder-steps', 100, l10n.t('Steps'));
  const find = h('button', { type: 'button', class: 'primary small', title: l10n.t('Run the range test with the optimizer of the controls (its lr is not used)') }, l10n.t('Find lr'));
  const stop = h('button', { type: 'button', class: 'secondary small', disabled: true }, l10n.t('Stop'));
  const thenRun = h('input', { type: 'checkbox', id: 'finder-then-run' });
  thenRun.checked = store.option<boolean>('finder.thenRun', true);
  thenRun.addEventListener('change', () => store.setOption('finder.thenRun', thenRun.checked));
  section.tools.append(find, stop);
  const range = h('div', { class: 'fields finder-range' }, labelledField(l10n.t('from lr'), startLr), labelledField(l10n.t('to lr'), endLr), labelledField(l10n.t('steps'), numIt));
  const status = h('p', { class: 'hint finder-status', role: 'status' }, l10n.t('Find lr runs one optimizer step per lr from the start lr to the end lr (exponentially) and plots the loss against the lr.'));
  const canvas = h('canvas', { role: 'img', 'aria-label': l10n.t('Smoothed loss against the learning rate') });
  const chartBox = h('div', { class: 'chart-box finder-chart' }, canvas);
  const buttons = RULES.map((rule) => {
    const button = h('button', { type: 'button', class: 'secondary small suggestion', 'data-rule': rule, disabled: true, title: RULE_HINT[rule] }, rule);
    button.addEventListener('click', () => pick(rule));
    return button;
  });
  const suggestions = h('div', { class: 'toolbar finder-suggestions' }, h('span', { class: 'group-label' }, l10n.t('Use')), ...buttons, h('label', { class: 'check' }, thenRun, l10n.t('then run')));
  section.body.append(range, status, h('div', { class: 'chart-card finder-card' }, chartBox), suggestions);

  let state: FinderStateMessage | null = null;
  let renders = 0;
  let dirty = true;

  const chart = new Chart<'line', Point[]>(canvas, chartConfig(context.theme()));

  function chartConfig(theme: Theme): ChartConfiguration<'line', Point[]> {
    return {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        elements: { point: { radius: 0, hoverRadius: 3 }, line: { tension: 0, borderWidth: theme.lineWidth } },
        scales: { x: themedAxis(theme, 'logarithmic', l10n.t('learning rate')), y: themedAxis(theme, 'linear', l10n.t('loss')) },
        plugins: {
          ...OFF_PLUGINS,
          legend: { display: false },
          tooltip: { ...themedTooltip(theme), callbacks: { title: (items) => l10n.t('lr {0}', formatNumber(items[0]?.parsed.x ?? NaN, PANEL_NUMBER)), label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? NaN, PANEL_NUMBER)}` } },
          annotation: { annotations: {} },
        },
      },
    };
  }

  function pick(rule: Rule): void {
    const s = state?.result?.suggestions[rule];
    if (!s) return;
    post({ type: 'applyLr', lr: roundedLr(s.lr), run: thenRun.checked });
  }

  find.addEventListener('click', () => {
    const optimizer = options.currentOptimizer();
    if (!optimizer) {
      setText(status, l10n.t('The controls hold an invalid value: fix it, then Find lr.'));
      return;
    }
    const [a, b, n] = [Number(startLr.value), Number(endLr.value), Number(numIt.value)];
    if (!(a > 0) || !(b > a) || !Number.isInteger(n) || n < 6) {
      setText(status, l10n.t('The range needs 0 < from lr < to lr and at least {0} steps.', 6));
      return;
    }
    post({ type: 'findLr', optimizer, startLr: a, endLr: b, numIt: n });
  });
  stop.addEventListener('click', () => post({ type: 'cancelFinder' }));

  const unregister: Unregister[] = [
    router.on('init', (message) => show(message.finder)),
    router.on('finderStarted', (message) => {
      section.expand();
      show(message.finder);
    }),
    router.on('finderData', (message) => {
      if (!state || state.finderId !== message.finderId) return;
      state.lrs.push(...(message.lrs as number[]));
      state.losses.push(...(message.losses as number[]));
      state.smoothed.push(...(message.smoothed as number[]));
      dirty = true;
      context.scheduler.request();
    }),
    router.on('finderFinished', (message) => {
      if (!state || state.finderId !== message.finderId) return;
      state.result = message.result;
      dirty = true;
      context.scheduler.request();
    }),
  ];

  function show(next: FinderStateMessage | null): void {
    state = next ? { ...next, lrs: [...(next.lrs as number[])], losses: [...(next.losses as number[])], smoothed: [...(next.smoothed as number[])] } : null;
    dirty = true;
    context.scheduler.request();
  }

  function render(): void {
    const running = state !== null && state.result === null;
    find.disabled = running;
    stop.disabled = !running;
    const result = state?.result ?? null;
    for (const [i, rule] of RULES.entries()) {
      const s = result?.suggestions[rule] ?? null;
      buttons[i]!.disabled = s === null;
      setText(buttons[i]!, s ? `${ruleName(rule)} ${formatNumber(roundedLr(s.lr), PANEL_NUMBER)}` : ruleName(rule));
    }
    setText(status, statusText());
    if (!section.expanded || !dirty) return writeHooks();
    dirty = false;
    const theme = context.theme();
    const accent = theme.palette[0]!;
    const raw: Point[] = [];
    const smooth: Point[] = [];
    const lrs = (result?.lrs ?? state?.lrs ?? []) as (number | null)[];
    const losses = (result?.losses ?? state?.losses ?? []) as (number | null)[];
    const smoothed = (result?.smoothed ?? state?.smoothed ?? []) as (number | null)[];
    for (let i = 0; i < lrs.length; i++) {
      const x = lrs[i];
      if (typeof x !== 'number') continue;
      if (typeof losses[i] === 'number') raw.push({ x, y: losses[i] as number });
      if (typeof smoothed[i] === 'number') smooth.push({ x, y: smoothed[i] as number });
    }
    chart.data.datasets = [
      { label: l10n.t('loss'), data: raw, borderColor: withAlpha(theme.foreground, 0.3), borderWidth: 1, pointRadius: 0 },
      { label: l10n.t('smoothed loss'), data: smooth, borderColor: accent, borderWidth: theme.lineWidth + 0.5, pointRadius: 0 },
    ];
    const x = chart.options.scales!.x!;
    if (state) {
      x.min = Number(state.config.startLr);
      x.max = Number(state.config.endLr);
    }
    chart.options.plugins!.annotation = { annotations: annotations(result, lrs, theme) };
    chart.update('none');
    renders++;
    writeHooks();
  }

  function annotations(result: FinderResultMessage | null, lrs: readonly (number | null)[], theme: Theme): Record<string, AnnotationOptions> {
    const out: Record<string, AnnotationOptions> = {};
    if (!result || !state) return out;
    const numIt = Number(state.config.numIt);
    const firstKept = lrs[Math.floor(numIt / 10)];
    const lastKept = lrs[lrs.length - 6];
    const shade = withAlpha(theme.foreground, 0.06);
    if (typeof firstKept === 'number') out.skipStart = { type: 'box', xMax: firstKept, backgroundColor: shade, borderWidth: 0, drawTime: 'beforeDatasetsDraw' };
    if (typeof lastKept === 'number') out.skipEnd = { type: 'box', xMin: lastKept, backgroundColor: shade, borderWidth: 0, drawTime: 'beforeDatasetsDraw' };
    for (const rule of RULES) {
      const s = result.suggestions[rule];
      if (!s) continue;
      const color = theme.palette[RULE_PALETTE[rule]]!;
      out[rule] = {
        type: 'line',
        xMin: s.lr,
        xMax: s.lr,
        borderColor: color,
        borderWidth: 1.5,
        borderDash: [5, 4],
        label: { display: true, content: `${ruleName(rule)} ${formatNumber(s.lr, PANEL_NUMBER)}`, position: rule === 'valley' ? 'start' : rule === 'steep' ? 'center' : 'end', backgroundColor: withAlpha(theme.background, 0.85), color, font: { family: theme.fontFamily, size: Math.max(theme.fontSize - 2, 10) }, padding: 3 },
        click: () => pick(rule),
        enter: () => void (canvas.style.cursor = 'pointer'),
        leave: () => void (canvas.style.cursor = ''),
      };
      out[`${rule}Point`] = { type: 'point', xValue: s.point.lr, yValue: s.point.loss, radius: 5, backgroundColor: color, borderColor: theme.background, borderWidth: 1.5, click: () => pick(rule) };
    }
    return out;
  }

  function statusText(): string {
    if (!state) return l10n.t('Find lr runs one optimizer step per lr from the start lr to the end lr (exponentially) and plots the loss against the lr.');
    const optimizer = String(state.config.optimizer.type);
    const where = l10n.t('{0} · {1} · lr {2} → {3}', state.objective.name, optimizer, formatNumber(Number(state.config.startLr), PANEL_NUMBER), formatNumber(Number(state.config.endLr), PANEL_NUMBER));
    if (!state.result) return l10n.t('{0}: step {1} of {2}…', where, state.lrs.length, state.config.numIt);
    const r = state.result;
    const steps = r.lrs.length;
    const detail = localizedDetail(r.detail, r.detailText, r.error);
    const how =
      r.stopReason === 'numIt'
        ? l10n.t('ran all {0} steps', steps)
        : r.stopReason === 'diverged'
          ? l10n.t('stopped after {0} steps: {1}', steps, detail)
          : r.stopReason === 'cancelled'
            ? l10n.t('stopped by you after {0} steps: {1}', steps, detail)
            : r.stopReason === 'timeout'
              ? l10n.t('timed out after {0} steps: {1}', steps, detail)
              : l10n.t('failed after {0} steps: {1}', steps, detail);
    if (r.stopReason === 'error') return l10n.t('{0}: failed after {1} steps: {2}', where, steps, detail);
    const none = RULES.every((rule) => r.suggestions[rule] === null);
    return none ? l10n.t('{0}: {1} — too few steps for suggestions (the first tenth and the last 5 are left out)', where, how) : l10n.t('{0}: {1} — pick a suggestion to set the lr', where, how);
  }

  function writeHooks(): void {
    const d = root.dataset;
    d.status = !state ? 'idle' : !state.result ? 'running' : state.result.stopReason === 'error' ? 'error' : 'done';
    d.steps = String(state?.result?.lrs.length ?? state?.lrs.length ?? 0);
    setAttr(root, 'data-stop-reason', state?.result?.stopReason ?? null);
    d.suggestions = state?.result ? RULES.map((rule) => `${rule}=${state!.result!.suggestions[rule]?.lr ?? ''}`).join(';') : '';
    const annotationCount = Object.keys((chart.options.plugins?.annotation as { annotations?: object } | undefined)?.annotations ?? {}).filter((k) => (RULES as readonly string[]).includes(k)).length;
    d.annotations = String(annotationCount);
    d.renderCount = String(renders);
  }

  return {
    root,
    render,
    setTheme: (theme) => {
      chart.options = chartConfig(theme).options!;
      dirty = true;
    },
    pngCharts: () => (section.expanded && state ? [{ title: l10n.t('LR finder'), card: chartBox, canvas }] : []),
    reveal: () => section.expand(),
    dispose: () => {
      for (const undo of unregister) undo();
      chart.destroy();
      root.remove();
    },
  };
}

/** A suggestion as the lr control gets it: 3 significant digits (as the CLI's "try" line). */
export function roundedLr(lr: number): number {
  return Number(lr.toPrecision(3));
}
