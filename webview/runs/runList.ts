/**
 * The run list, which is also the charts' legend: colour swatch, label (optimizer, lr,
 * schedule), status (running, or the stop reason and its detail), final loss, and per-run
 * actions (show/hide, insert schedule into the editor, remove). Rows are keyed by run id and
 * updated in place, so calling `render` on every redraw is cheap.
 */
import type { RunOutcomeMessage, StopReason } from '../../src/shared/protocol';
import { h, setAttr, setText } from '../dom';
import { formatDuration, formatNumber, PANEL_DURATION, PANEL_NUMBER } from '../../src/shared/format';
import { locationText, type Location } from '../location';
import type { ViewStateStore } from '../state';
import { runColor, type Theme } from '../theme';
import type { Run, RunsModel } from './runsModel';

export interface RunListEvents {
  setVisible(runId: string, visible: boolean): void;
  remove(runId: string): void;
  insertSchedule(runId: string): void;
  reveal(location: Location): void;
}

const STOP_REASON_TEXT: Record<StopReason, string> = {
  maxIterations: 'finished',
  converged: 'converged',
  diverged: 'diverged',
  error: 'error',
  timeout: 'timed out',
  cancelled: 'stopped',
};

export function stopReasonText(reason: StopReason): string {
  return STOP_REASON_TEXT[reason] ?? reason;
}

interface Row {
  element: HTMLLIElement;
  checkbox: HTMLInputElement;
  swatch: HTMLElement;
  label: HTMLElement;
  status: HTMLElement;
  detail: HTMLElement;
  loss: HTMLElement;
  link: HTMLButtonElement;
  location: Location | null;
}

export class RunList {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, Row>();

  constructor(private readonly events: RunListEvents) {
    this.list = h('ul', { class: 'run-list', 'aria-label': 'Runs' });
    this.empty = h('p', { class: 'run-empty' }, 'No runs yet. Press Run, or “▶ Run optimizer” above an objective in your file.');
    this.root = h('section', { class: 'runs', 'aria-label': 'Runs (legend)' }, this.list, this.empty);
  }

  render(model: RunsModel, store: ViewStateStore, theme: Theme): void {
    const runs = model.list();
    const alive = new Set(runs.map((r) => r.meta.id));
    for (const [id, row] of this.rows) {
      if (!alive.has(id)) {
        row.element.remove();
        this.rows.delete(id);
      }
    }
    runs.forEach((run, index) => {
      const row = this.rows.get(run.meta.id) ?? this.createRow(run);
      if (this.list.children[index] !== row.element) this.list.insertBefore(row.element, this.list.children[index] ?? null);
      this.updateRow(row, run, store.isHidden(run.meta.id), theme);
    });
    this.empty.hidden = runs.length > 0;
  }

  private createRow(run: Run): Row {
    const id = run.meta.id;
    const checkbox = h('input', { type: 'checkbox', class: 'run-visible', 'aria-label': `Show ${run.meta.label}` });
    checkbox.addEventListener('change', () => this.events.setVisible(id, checkbox.checked));
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    const label = h('span', { class: 'run-label' });
    const status = h('span', { class: 'run-status' });
    const detail = h('span', { class: 'run-detail' });
    const loss = h('span', { class: 'run-loss' });
    const link = h('button', { type: 'button', class: 'link', hidden: true });
    const row: Row = { element: h('li', { class: 'run', 'data-run-id': id }), checkbox, swatch, label, status, detail, loss, link, location: null };
    link.addEventListener('click', () => row.location && this.events.reveal(row.location));
    const insert = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Insert the schedule of ${run.meta.label} into the editor`, title: 'Insert this run’s schedule into the editor' }, 'Insert schedule');
    insert.addEventListener('click', () => this.events.insertSchedule(id));
    const remove = h('button', { type: 'button', class: 'icon', 'aria-label': `Remove ${run.meta.label}`, title: 'Remove this run' }, '✕');
    remove.addEventListener('click', () => this.events.remove(id));
    row.element.append(
      h('label', { class: 'run-toggle' }, checkbox, swatch, label),
      h('span', { class: 'run-state' }, status, detail, link),
      loss,
      h('span', { class: 'run-actions' }, insert, remove),
    );
    this.rows.set(id, row);
    return row;
  }

  private updateRow(row: Row, run: Run, hidden: boolean, theme: Theme): void {
    const { meta, outcome } = run;
    const color = runColor(theme, meta.colorIndex);
    if (row.swatch.style.backgroundColor !== color) row.swatch.style.backgroundColor = color;
    setAttr(row.swatch, 'data-color', color);
    row.checkbox.checked = !hidden;
    setAttr(row.element, 'data-hidden', String(hidden));
    setText(row.label, meta.label);
    row.label.title = `${meta.label}\n${meta.objective.label} › ${meta.objective.name} · ${meta.dim} parameter${meta.dim === 1 ? '' : 's'} · ${meta.gradient === 'user' ? 'your gradient' : 'numeric gradient'}`;
    if (!outcome) {
      setAttr(row.element, 'data-status', 'running');
      setAttr(row.element, 'data-stop-reason', null);
      setText(row.status, 'running');
      setText(row.detail, run.lastStep > 0 ? `step ${run.lastStep} / ${typeof meta.config.iterations === 'number' ? meta.config.iterations : '?'}` : 'starting…');
      row.detail.title = '';
      setText(row.loss, run.lastLoss === null ? '' : `loss ${formatNumber(run.lastLoss, PANEL_NUMBER)}`);
      this.setLocation(row, null);
      return;
    }
    setAttr(row.element, 'data-status', outcome.stopReason === 'error' || outcome.stopReason === 'diverged' || outcome.stopReason === 'timeout' ? 'failed' : 'finished');
    setAttr(row.element, 'data-stop-reason', outcome.stopReason);
    setText(row.status, stopReasonText(outcome.stopReason));
    const detail = outcomeDetail(outcome);
    setText(row.detail, detail);
    row.detail.title = outcome.error?.message ?? outcome.detail;
    setText(row.loss, outcome.finalLoss === null ? '' : `loss ${formatNumber(outcome.finalLoss, PANEL_NUMBER)}`);
    row.loss.title = outcome.bestLoss === null ? '' : `best loss ${formatNumber(outcome.bestLoss, PANEL_NUMBER)}`;
    this.setLocation(row, outcome.error?.location ?? null);
  }

  private setLocation(row: Row, location: Location | null): void {
    row.location = location;
    row.link.hidden = location === null;
    if (location) {
      setText(row.link, locationText(location));
      row.link.title = `Open ${location.file}:${location.line}`;
      setAttr(row.link, 'aria-label', `Open ${locationText(location)} in the editor`);
    }
  }
}

function outcomeDetail(outcome: RunOutcomeMessage): string {
  const parts: string[] = [];
  if (outcome.detail) parts.push(outcome.detail);
  else if (outcome.error) parts.push(outcome.error.message);
  // L-BFGS runs several evaluations of the objective per step: both counts.
  const evaluations = outcome.evaluations !== undefined ? ` (${outcome.evaluations} evaluation${outcome.evaluations === 1 ? '' : 's'})` : '';
  parts.push(`${outcome.steps} step${outcome.steps === 1 ? '' : 's'}${evaluations}`);
  const time = formatDuration(outcome.wallTimeMs, PANEL_DURATION);
  if (time) parts.push(time);
  return parts.join(' · ');
}
