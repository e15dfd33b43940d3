/**
 * The step inspector: what the optimizer did in the step a paused run stopped after (Pause /
 * Step / Step through). Its header says step k, the lr of that step, f and ‖g‖ where the step
 * started; a table gives per parameter θₖ₋₁, g, the optimizer's state after the step under
 * PyTorch's names (exp_avg, exp_avg_sq, momentum_buffer, square_avg, …), the step size the
 * optimizer used (its own rule, or −Δθ/g where it has none; the caption says which), Δθ and θₖ.
 * Long vectors show their first rows; a filter picks indices ("3", "10-20") and Show all lists
 * every inspected one.
 *
 * Test hooks on the view's root: data-run-id, data-step, data-paused (true while the run waits),
 * data-dim, data-rows (rows listed), data-step-size-kind, data-columns (names, comma-separated);
 * each value cell has data-col and data-value (the exact number, as JavaScript writes it), each
 * row data-index.
 */
import * as l10n from '@vscode/l10n';
import type { StepInspectionMessage } from '../../../src/shared/protocol';
import { formatNumber, PANEL_NUMBER } from '../../../src/shared/format';
import { h, setAttr, setText } from '../../dom';
import type { Unregister } from '../../router';
import type { PanelView, ViewContext } from '../../view';
import { createSection } from '../section';

/** Rows listed before Show all. */
const FIRST_ROWS = 12;

export interface StepInspectorView extends PanelView {
  /** Whether any run is paused now (the action bar's Step and Resume). */
  readonly anyPaused: boolean;
  /** Step or Resume was asked of every paused run: none waits until the next pause arrives. */
  released(): void;
}

interface Column {
  readonly key: string;
  readonly label: string;
  readonly title: string;
  readonly values: readonly unknown[];
}

/** What the step size column is, per rule (core/optimizers/inspect.ts). */
function stepSizeText(kind: NonNullable<StepInspectionMessage['stepSize']>['kind']): { label: string; title: string } {
  switch (kind) {
    case 'adam':
      return { label: 'lr/(√v̂+ε)', title: l10n.t('Adam’s per-parameter step size: it multiplies m̂ = m/(1 − β₁ᵗ), with v̂ = v/(1 − β₂ᵗ) (AMSGrad: the running maximum)') };
    case 'rmsprop':
      return { label: 'lr/(√v+ε)', title: l10n.t('RMSprop’s per-parameter step size: it multiplies g (into the momentum buffer when momentum > 0); centered: √(v − ḡ²)') };
    case 'adagrad':
      return { label: 'clr/(√sum+ε)', title: l10n.t('Adagrad’s per-parameter step size: it multiplies g; clr = lr/(1 + (t − 1)·lr_decay)') };
    case 'sgd':
      return { label: 'lr', title: l10n.t('SGD’s step size: the lr, the same for every parameter; it multiplies g (the momentum buffer when momentum > 0)') };
    case 'ratio':
      return { label: '−Δθ/g', title: l10n.t('The effective learning rate: the lr plain gradient descent would need for the same step (— where g is 0). This optimizer has no single per-parameter step size.') };
  }
}

/** Indices picked by a filter such as "3", "10-20", "0, 5:9" (0-based); null: the text does not read. */
export function parseIndexFilter(text: string, count: number): number[] | null {
  const picked = new Set<number>();
  for (const part of text.split(/[,\s]+/).filter((p) => p.length > 0)) {
    const range = /^(\d+)\s*[-:–]\s*(\d+)$/.exec(part);
    const single = /^\d+$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Math.min(count - 1, Number(range[2]));
      for (let i = from; i <= to; i++) picked.add(i);
    } else if (single) {
      const i = Number(part);
      if (i < count) picked.add(i);
    } else return null;
  }
  return [...picked].sort((a, b) => a - b);
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : NaN);

export function createStepInspectorView(context: ViewContext): StepInspectorView {
  const { store, router, model } = context;
  const section = createSection({ id: 'step-inspector', title: l10n.t('Step inspector'), description: l10n.t('What the optimizer did in the step a paused run stopped after'), store, collapsedByDefault: true });
  const root = section.root;
  root.classList.add('view', 'step-inspector');
  root.dataset.view = 'step-inspector';
  const summary = h('p', { class: 'step-summary', role: 'status' });
  const scalars = h('p', { class: 'hint step-scalars' });
  const filter = h('input', { type: 'search', class: 'small step-filter', placeholder: l10n.t('Parameters, e.g. 3 or 10-20'), 'aria-label': l10n.t('Show these parameters (0-based indices or ranges)') });
  const showAll = h('button', { type: 'button', class: 'secondary small step-show-all' }, l10n.t('Show all'));
  const rowsNote = h('span', { class: 'hint step-rows-note' });
  const table = h('table', { class: 'step-table' });
  const caption = h('p', { class: 'hint step-caption' });
  const empty = h('p', { class: 'hint step-empty' }, l10n.t('Pause a run, or start one with Step through, to see each optimizer step here.'));
  section.tools.append(filter, showAll);
  section.body.append(empty, summary, scalars, h('div', { class: 'step-table-box' }, table), h('div', { class: 'step-table-foot' }, rowsNote), caption);

  /** The last inspection of each run paused (or stepped) since the page loaded; the one shown is `shown`. */
  const inspections = new Map<string, StepInspectionMessage>();
  const paused = new Set<string>();
  let shown: string | null = null;
  let all = false;
  let dirty = true;

  const showRun = (runId: string, inspection: StepInspectionMessage): void => {
    inspections.set(runId, inspection);
    paused.add(runId);
    shown = runId;
    dirty = true;
    section.expand();
    context.scheduler.request();
  };

  const unregister: Unregister[] = [
    router.on('init', (message) => {
      inspections.clear();
      paused.clear();
      shown = null;
      for (const p of message.paused) showRun(p.runId, p.inspection);
      dirty = true;
    }),
    router.on('runPaused', (message) => showRun(message.runId, message.inspection)),
    router.on('runResumed', (message) => {
      paused.delete(message.runId);
      dirty = true;
      context.scheduler.request();
    }),
    router.on('runFinished', (message) => {
      paused.delete(message.runId);
      dirty = true;
    }),
    router.on('runsCleared', (message) => {
      for (const id of message.runIds) {
        inspections.delete(id);
        paused.delete(id);
      }
      if (shown !== null && !inspections.has(shown)) shown = null;
      dirty = true;
    }),
  ];
  filter.addEventListener('input', () => {
    dirty = true;
    render();
  });
  showAll.addEventListener('click', () => {
    all = !all;
    dirty = true;
    render();
  });

  function columnsOf(i: StepInspectionMessage): Column[] {
    const columns: Column[] = [];
    if (i.previous) columns.push({ key: 'previous', label: 'θₖ₋₁', title: l10n.t('The parameters the step started from'), values: i.previous });
    if (i.grad) columns.push({ key: 'grad', label: 'g', title: l10n.t('The gradient at θₖ₋₁, as the optimizer got it (after clipping)'), values: i.grad });
    for (const b of i.state) columns.push({ key: b.name, label: b.name, title: l10n.t('The optimizer’s state {0} after the step (PyTorch’s name)', b.name), values: b.values });
    if (i.stepSize) {
      const text = stepSizeText(i.stepSize.kind);
      columns.push({ key: 'stepSize', label: text.label, title: text.title, values: i.stepSize.values });
    }
    if (i.delta) columns.push({ key: 'delta', label: 'Δθ', title: l10n.t('The change of each parameter in this step: θₖ − θₖ₋₁'), values: i.delta });
    columns.push({ key: 'params', label: i.step === 0 ? 'θ₀' : 'θₖ', title: i.step === 0 ? l10n.t('The starting point') : l10n.t('The parameters after the step'), values: i.params });
    return columns;
  }

  function render(): void {
    if (!dirty) return;
    dirty = false;
    const inspection = shown === null ? undefined : inspections.get(shown);
    const d = root.dataset;
    empty.hidden = inspection !== undefined;
    for (const el of [summary, scalars, table, caption, rowsNote, filter, showAll]) el.hidden = inspection === undefined;
    if (inspection === undefined || shown === null) {
      d.runId = '';
      d.step = '';
      d.paused = 'false';
      d.rows = '0';
      return;
    }
    const run = model.get(shown);
    const label = run ? context.visibility.label(run) : shown;
    const isPaused = paused.has(shown);
    const parts = [inspection.step === 0 ? l10n.t('{0}: paused before its first step', label) : l10n.t('{0}: step {1}', label, inspection.step)];
    if (inspection.lr !== null) parts.push(`lr = ${formatNumber(inspection.lr, PANEL_NUMBER, 6)}`);
    if (inspection.loss !== null) parts.push(`f(θₖ₋₁) = ${formatNumber(inspection.loss, PANEL_NUMBER, 6)}`);
    if (inspection.gradNorm !== null) parts.push(`‖g‖ = ${formatNumber(inspection.gradNorm, PANEL_NUMBER, 6)}`);
    parts.push(isPaused ? l10n.t('paused') : l10n.t('running on'));
    setText(summary, parts.join(' · '));
    const scalarText = inspection.scalars.map((s) => `${s.name} = ${formatNumber(s.value, PANEL_NUMBER, 6)}`);
    for (const b of inspection.otherBuffers) scalarText.push(l10n.t('{0}: {1} values', b.name, b.length));
    setText(scalars, `${inspection.optimizer} · ${scalarText.join(' · ')}`);

    const columns = columnsOf(inspection);
    const count = inspection.shown;
    const picked = filter.value.trim() === '' ? null : parseIndexFilter(filter.value, count);
    setAttr(filter, 'aria-invalid', filter.value.trim() !== '' && picked === null ? 'true' : null);
    const indices = picked ?? Array.from({ length: all ? count : Math.min(count, FIRST_ROWS) }, (_, i) => i);
    const head = h('tr', {}, h('th', { scope: 'col' }, 'i'), ...columns.map((c) => h('th', { scope: 'col', title: c.title, 'data-col': c.key }, c.label)));
    const rows = indices.map((i) =>
      h(
        'tr',
        { 'data-index': i },
        h('th', { scope: 'row' }, String(i)),
        ...columns.map((c) => {
          const v = asNumber(c.values[i]);
          return h('td', { 'data-col': c.key, 'data-value': String(v), title: String(v) }, formatNumber(v, PANEL_NUMBER, 6));
        }),
      ),
    );
    table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
    const more = inspection.dim > count ? l10n.t('the first {0} of {1} parameters are inspected', count, inspection.dim) : '';
    setText(rowsNote, [l10n.t('{0} of {1} rows', indices.length, count), more].filter((s) => s).join(' · '));
    showAll.hidden = picked !== null || count <= FIRST_ROWS;
    setText(showAll, all ? l10n.t('Show first rows') : l10n.t('Show all'));
    setText(caption, inspection.stepSize ? `${stepSizeText(inspection.stepSize.kind).label}: ${stepSizeText(inspection.stepSize.kind).title}` : l10n.t('Step once to see the gradient, the state after the step and the step size.'));
    d.runId = shown;
    d.step = String(inspection.step);
    d.paused = String(isPaused);
    d.dim = String(inspection.dim);
    d.rows = String(indices.length);
    d.stepSizeKind = inspection.stepSize?.kind ?? '';
    d.columns = columns.map((c) => c.key).join(',');
  }

  return {
    root,
    render,
    get anyPaused() {
      return paused.size > 0;
    },
    released: () => {
      paused.clear();
      dirty = true;
      context.scheduler.request();
    },
    dispose: () => {
      for (const undo of unregister) undo();
      root.remove();
    },
  };
}
