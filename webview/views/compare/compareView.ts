/**
 * The runs ranked: a table of the visible runs by final loss (or best loss, steps to a target
 * loss, wall time: click a column), with the target loss as a control; each row can copy its
 * `lrlab run` line. The toolbar saves the shown runs as a run set (`.lrlab.json`) and opens one
 * (its runs run again, exactly).
 *
 * Test hooks on the root: data-rows, data-sort, data-target.
 */
import * as l10n from '@vscode/l10n';
import type { RunOutcomeMessage } from '../../../src/shared/protocol';
import { formatDuration, formatNumber, PANEL_DURATION, PANEL_NUMBER } from '../../../src/shared/format';
import { StepsToTarget } from '../../../src/shared/stepsToTarget';
import { h, setText } from '../../dom';
import type { Run } from '../../runs/runsModel';
import { runColor } from '../../theme';
import type { PanelView, ViewContext } from '../../view';
import { createSection } from '../section';

type Column = 'finalLoss' | 'bestLoss' | 'steps' | 'time';
const COLUMNS: Record<Column, string> = { finalLoss: l10n.t('final loss'), bestLoss: l10n.t('best loss'), steps: l10n.t('steps to target'), time: l10n.t('wall time') };

interface Row {
  run: Run;
  finalLoss: number | null;
  bestLoss: number | null;
  steps: number | null;
  time: number | null;
}

export function createCompareView(context: ViewContext): PanelView {
  const { store, model, visibility, post } = context;
  const section = createSection({ id: 'compare', title: l10n.t('Compare'), description: l10n.t('The runs ranked by final loss, best loss, steps to a target loss, wall time'), store });
  const root = section.root;
  root.classList.add('view');
  root.dataset.view = 'compare';
  const target = h('input', { type: 'text', class: 'small number', id: 'compare-target', value: store.option<string>('compare.target', ''), placeholder: l10n.t('e.g. {0}', '0.01'), 'aria-label': l10n.t('Target loss'), spellcheck: false });
  const save = h('button', { type: 'button', class: 'secondary small', title: l10n.t('Save the shown runs as a run set (.lrlab.json) that reproduces them exactly') }, l10n.t('Save runs…'));
  const open = h('button', { type: 'button', class: 'secondary small', title: l10n.t('Open a run set and run its runs again') }, l10n.t('Open runs…'));
  section.tools.append(h('label', { class: 'inline-field', for: 'compare-target' }, l10n.t('target loss'), target), save, open);
  const head = h('tr', {});
  const body = h('tbody', {});
  const table = h('table', { class: 'compare-table' }, h('thead', {}, head), body);
  const empty = h('p', { class: 'hint' }, l10n.t('No runs to compare yet.'));
  section.body.append(table, empty);

  let sort: Column = (store.option<string>('compare.sort', 'finalLoss') as Column) in COLUMNS ? (store.option<string>('compare.sort', 'finalLoss') as Column) : 'finalLoss';
  let dirty = true;

  const headCell = (label: string, column?: Column) => {
    if (!column) return h('th', { scope: 'col' }, label);
    const button = h('button', { type: 'button', class: 'link sort', 'data-sort': column }, label);
    button.addEventListener('click', () => {
      sort = column;
      store.setOption('compare.sort', column);
      dirty = true;
      render();
    });
    return h('th', { scope: 'col', 'aria-sort': 'none', 'data-column': column }, button);
  };
  head.replaceChildren(headCell('#'), headCell(l10n.t('run')), ...(Object.keys(COLUMNS) as Column[]).map((c) => headCell(COLUMNS[c], c)), headCell(''));

  target.addEventListener('input', () => {
    store.setOption('compare.target', target.value);
    dirty = true;
    context.scheduler.request();
  });
  const visibleIds = (): string[] => visibility.visible().map((r) => r.meta.id);
  save.addEventListener('click', () => {
    const ids = visibleIds();
    post(ids.length === model.size ? { type: 'saveRuns' } : { type: 'saveRuns', runIds: ids });
  });
  open.addEventListener('click', () => post({ type: 'openRuns' }));

  function targetLoss(): number | null {
    const v = target.value.trim() === '' ? NaN : Number(target.value);
    return Number.isFinite(v) ? v : null;
  }

  function rowOf(run: Run, goal: number | null): Row {
    const outcome: RunOutcomeMessage | null = run.outcome;
    const losses = (run.series.get('loss') ?? []).map((p) => p.y);
    // The loss series skips non-finite values; its points are (step, loss where the step started).
    const steps = goal === null ? null : stepsFromPoints(run.series.get('loss') ?? [], goal, outcome);
    const best = outcome?.bestLoss ?? (losses.length ? Math.min(...losses) : null);
    return { run, finalLoss: outcome?.finalLoss ?? null, bestLoss: best, steps, time: outcome ? outcome.wallTimeMs : null };
  }

  function render(): void {
    const runs = visibility.visible();
    empty.hidden = runs.length > 0;
    table.hidden = runs.length === 0;
    if (!section.expanded || !dirty) return writeHooks(runs.length);
    dirty = false;
    const goal = targetLoss();
    const rows = runs.map((run) => rowOf(run, goal));
    const key = (row: Row): number => {
      const v = sort === 'steps' ? row.steps : sort === 'time' ? row.time : row[sort];
      return v === null || !Number.isFinite(v) ? Infinity : v;
    };
    rows.sort((a, b) => key(a) - key(b));
    const theme = context.theme();
    body.replaceChildren(
      ...rows.map((row, i) => {
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.backgroundColor = runColor(theme, row.run.meta.colorIndex);
        const copy = h('button', { type: 'button', class: 'secondary small', title: l10n.t('Copy the lrlab run line that runs this again'), 'aria-label': l10n.t('Copy the command of {0}', visibility.label(row.run)) }, l10n.t('Copy as command'));
        copy.addEventListener('click', () => post({ type: 'copyCommand', runId: row.run.meta.id }));
        const reason = row.run.outcome && row.run.outcome.stopReason !== 'maxIterations' && row.run.outcome.stopReason !== 'converged' ? ` (${row.run.outcome.stopReason})` : '';
        return h(
          'tr',
          { 'data-run-id': row.run.meta.id },
          h('td', { class: 'num' }, String(i + 1)),
          h('td', { class: 'run-cell' }, swatch, visibility.label(row.run), reason),
          h('td', { class: 'num' }, row.finalLoss === null ? '—' : formatNumber(row.finalLoss, PANEL_NUMBER)),
          h('td', { class: 'num' }, row.bestLoss === null ? '—' : formatNumber(row.bestLoss, PANEL_NUMBER)),
          h('td', { class: 'num' }, goal === null ? '—' : row.steps === null ? (row.run.outcome ? 'never' : '…') : String(row.steps)),
          h('td', { class: 'num' }, row.time === null ? 'running' : formatDuration(row.time, PANEL_DURATION)),
          h('td', {}, copy),
        );
      }),
    );
    for (const th of head.querySelectorAll<HTMLElement>('th[data-column]')) th.setAttribute('aria-sort', th.dataset.column === sort ? 'ascending' : 'none');
    writeHooks(rows.length);
  }

  function writeHooks(rows: number): void {
    root.dataset.rows = String(rows);
    root.dataset.sort = sort;
    root.dataset.target = target.value;
    setText(empty, visibility.listed().length > 0 && rows === 0 ? l10n.t('Every run is hidden.') : l10n.t('No runs to compare yet.'));
  }

  return {
    root,
    render,
    runsChanged: () => {
      dirty = true;
    },
    setTheme: () => {
      dirty = true;
    },
    dispose: () => root.remove(),
  };
}

/** Steps to `goal` from the loss series (points x = step, y = loss where it started) and the final loss. */
function stepsFromPoints(points: ReadonlyArray<{ x: number; y: number }>, goal: number, outcome: RunOutcomeMessage | null): number | null {
  const counter = new StepsToTarget(goal);
  for (const p of points) {
    counter.add(p.x, [p.y]);
    if (counter.steps !== null) break;
  }
  return outcome ? counter.finish(outcome.finalLoss, outcome.steps) : counter.steps;
}
