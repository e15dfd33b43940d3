/**
 * The run list: the runs of the objective on screen (a selector switches to another objective
 * or to all of them), one row each — colour swatch, label, status, the run's numbers (one set,
 * worded by src/shared/runSummary: final and best, or where it diverged), steps and time, and
 * per-run actions (show/hide, insert schedule into the editor, remove). The label's tooltip is
 * the run's resolved config. Rows are keyed by run id and updated in place, so calling
 * `render` on every redraw is cheap.
 */
import * as l10n from '@vscode/l10n';
import { runConfigLines } from '../../src/shared/configText';
import { formatDuration, PANEL_DURATION, PANEL_NUMBER } from '../../src/shared/format';
import type { RunOutcomeMessage } from '../../src/shared/protocol';
import { runNumbers, runNumbersText, stopReasonText } from '../../src/shared/runSummary';
import { h, replaceChildren, setAttr, setText } from '../dom';
import { locationText, openInEditorText, openText, type Location } from '../location';
import type { ViewStateStore } from '../state';
import { runColor, runDash, type Theme } from '../theme';
import { swatchBackground } from './legend';
import { lastLossPoint, type Run } from './runsModel';
import { ALL_OBJECTIVES, type RunVisibility } from './visibility';
import { engineText, localizedDetail } from '../../src/shared/engineText';

export interface RunListEvents {
  setVisible(runId: string, visible: boolean): void;
  remove(runId: string): void;
  insertSchedule(runId: string): void;
  insertOptimizer(runId: string): void;
  reveal(location: Location): void;
  /** Show another objective's runs (or ALL_OBJECTIVES). */
  showObjective(key: string): void;
  /** Bring back the runs of the last clear. */
  undoClear(): void;
}

interface Row {
  element: HTMLLIElement;
  checkbox: HTMLInputElement;
  swatch: HTMLElement;
  /** The swatch's background as last set. */
  background: string;
  label: HTMLElement;
  status: HTMLElement;
  detail: HTMLElement;
  loss: HTMLElement;
  link: HTMLButtonElement;
  location: Location | null;
  /** Why the run uses central differences instead of the exact gradient (hidden otherwise), with a link to the line. */
  gradient: HTMLElement;
  gradientText: HTMLElement;
  gradientLink: HTMLButtonElement;
  gradientLocation: Location | null;
}

/** Where a run's gradient came from, in words. */
const GRADIENT_WORDS: Record<string, () => string> = {
  user: () => l10n.t('your gradient'),
  exact: () => l10n.t('exact gradient (recorded)'),
  numeric: () => l10n.t('numeric gradient (central differences)'),
};

/** The tooltip of a run's label: what exactly ran. */
export function runTooltip(run: Run, label: string): string {
  const { meta } = run;
  const source = GRADIENT_WORDS[meta.gradient]?.() ?? meta.gradient;
  const why = gradientNote(run);
  return [label, `${meta.objective.name} (${meta.objective.label}) · ${meta.dim === 1 ? l10n.t('1 parameter') : l10n.t('{0} parameters', meta.dim)} · ${source}`, ...(why ? [why.text] : []), ...runConfigLines(meta.config)].join('\n');
}

/**
 * Why a run uses central differences where LR Lab would record the exact gradient: from the
 * start (its objective cannot be followed: the reason and the line), or from a step on (a value
 * left the tape later in the run). Null for the other runs.
 */
export function gradientNote(run: Run): { text: string; location: Location | null } | null {
  const { meta } = run;
  if (meta.gradientFallback) {
    const f = meta.gradientFallback;
    return { text: l10n.t('Exact gradient until step {0}, central differences from there: {1}', f.step, f.reasonText ? engineText(f.reasonText) : f.reason), location: f.location ?? null };
  }
  if (meta.gradient === 'numeric' && meta.gradientReason) {
    const why = meta.gradientReasonText ? engineText(meta.gradientReasonText) : meta.gradientReason;
    return { text: l10n.t('Central differences, not the exact gradient: {0}', why), location: meta.gradientLocation ?? null };
  }
  return null;
}

export class RunList {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly heading = h('h2', { class: 'runs-heading' }, l10n.t('Runs'));
  private readonly objectiveSelect = h('select', { id: 'objective-filter', 'aria-label': l10n.t('Show the runs of') });
  private readonly rows = new Map<string, Row>();
  private readonly undoText = h('span', {});
  private readonly undo: HTMLElement;
  /** The options last put in the selector (rebuilt only when they change). */
  private choicesKey = '';

  constructor(private readonly events: RunListEvents) {
    this.list = h('ul', { class: 'run-list', 'aria-label': l10n.t('Runs') });
    this.empty = h('p', { class: 'run-empty' });
    this.objectiveSelect.addEventListener('change', () => this.events.showObjective(this.objectiveSelect.value));
    const undoButton = h('button', { type: 'button', class: 'link', id: 'undo-clear' }, l10n.t('Undo'));
    undoButton.addEventListener('click', () => {
      this.undo.hidden = true;
      this.events.undoClear();
    });
    this.undo = h('p', { class: 'undo-clear', role: 'status', hidden: true }, this.undoText, ' ', undoButton);
    this.root = h(
      'section',
      { class: 'runs', 'aria-label': l10n.t('Runs') },
      h('header', { class: 'runs-header' }, this.heading, h('label', { class: 'objective-filter' }, h('span', {}, l10n.t('of')), this.objectiveSelect)),
      this.undo,
      this.list,
      this.empty,
    );
  }

  /** Runs were removed: offer to bring them back while the host keeps them. */
  cleared(count: number, undoable: boolean): void {
    this.undo.hidden = !undoable || count === 0;
    setText(this.undoText, count === 1 ? l10n.t('Removed 1 run.') : l10n.t('Removed {0} runs.', count));
  }

  /** The moment for Undo has passed (a run started, the runs came back, a new snapshot). */
  hideUndo(): void {
    this.undo.hidden = true;
  }

  render(visibility: RunVisibility, store: ViewStateStore, theme: Theme): void {
    this.renderSelector(visibility);
    const runs = visibility.listed();
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
      this.updateRow(row, run, visibility.label(run), store.isHidden(run.meta.id), theme);
    });
    this.empty.hidden = runs.length > 0;
    const choice = visibility.choices().find((c) => c.key === visibility.shown);
    setText(this.empty, choice ? l10n.t('No runs of {0} yet. Press Run, or “▶ Run” above the objective in its file.', choice.ref.name) : l10n.t('No runs yet. Press Run, or “▶ Run” above an objective in your file.'));
  }

  private renderSelector(visibility: RunVisibility): void {
    const choices = visibility.choices();
    const total = choices.reduce((n, c) => n + c.runs, 0);
    const shown = visibility.shown ?? '';
    const key = JSON.stringify([choices, shown]);
    if (key === this.choicesKey) return;
    this.choicesKey = key;
    const runs = (n: number): string => (n === 1 ? l10n.t('1 run') : l10n.t('{0} runs', n));
    replaceChildren(
      this.objectiveSelect,
      ...choices.map((c) => h('option', { value: c.key, title: c.ref.file }, `${c.ref.name} — ${c.ref.label} (${runs(c.runs)})`)),
      choices.length > 1 ? h('option', { value: ALL_OBJECTIVES }, l10n.t('All objectives ({0})', runs(total))) : null,
    );
    this.objectiveSelect.value = shown;
    // Only worth a selector when there is something else to show.
    this.objectiveSelect.disabled = choices.length < 2;
    this.objectiveSelect.title = choices.length < 2 ? l10n.t('Runs of other objectives appear here once they exist') : l10n.t('Runs of different objectives are not drawn on the same axes');
  }

  private createRow(run: Run): Row {
    const id = run.meta.id;
    const checkbox = h('input', { type: 'checkbox', class: 'run-visible', 'aria-label': l10n.t('Show {0}', run.meta.label) });
    checkbox.addEventListener('change', () => this.events.setVisible(id, checkbox.checked));
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    const label = h('span', { class: 'run-label' });
    const status = h('span', { class: 'run-status' });
    const detail = h('span', { class: 'run-detail' });
    const loss = h('span', { class: 'run-loss' });
    const link = h('button', { type: 'button', class: 'link', hidden: true });
    const gradientText = h('span', {});
    const gradientLink = h('button', { type: 'button', class: 'link', hidden: true });
    const gradient = h('p', { class: 'run-gradient', hidden: true }, gradientText, ' ', gradientLink);
    const row: Row = { element: h('li', { class: 'run', 'data-run-id': id }), checkbox, swatch, background: '', label, status, detail, loss, link, location: null, gradient, gradientText, gradientLink, gradientLocation: null };
    link.addEventListener('click', () => row.location && this.events.reveal(row.location));
    gradientLink.addEventListener('click', () => row.gradientLocation && this.events.reveal(row.gradientLocation));
    const insert = h('button', { type: 'button', class: 'secondary small', 'aria-label': l10n.t('Insert the schedule of {0} into the editor', run.meta.label), title: l10n.t('Insert this run’s schedule into the editor') }, l10n.t('Insert schedule'));
    insert.addEventListener('click', () => this.events.insertSchedule(id));
    const insertOptimizer = h('button', { type: 'button', class: 'secondary small', 'aria-label': l10n.t('Insert the optimizer of {0} into the editor', run.meta.label), title: l10n.t('Insert this run’s optimizer (its code and options) into the editor') }, l10n.t('Insert optimizer'));
    insertOptimizer.addEventListener('click', () => this.events.insertOptimizer(id));
    const remove = h('button', { type: 'button', class: 'icon', 'aria-label': l10n.t('Remove {0}', run.meta.label), title: l10n.t('Remove this run') }, '✕');
    remove.addEventListener('click', () => this.events.remove(id));
    row.element.append(
      h('label', { class: 'run-toggle' }, checkbox, swatch, label),
      h('span', { class: 'run-state' }, status, detail, link),
      loss,
      h('span', { class: 'run-actions' }, insert, insertOptimizer, remove),
      gradient,
    );
    this.rows.set(id, row);
    return row;
  }

  private updateRow(row: Row, run: Run, label: string, hidden: boolean, theme: Theme): void {
    const { meta, outcome } = run;
    const color = runColor(theme, meta.colorIndex);
    const background = swatchBackground(color, runDash(theme, meta.colorIndex));
    if (row.background !== background) row.swatch.style.background = row.background = background;
    setAttr(row.swatch, 'data-color', color);
    row.checkbox.checked = !hidden;
    setAttr(row.element, 'data-hidden', String(hidden));
    setText(row.label, label);
    row.label.title = runTooltip(run, label);
    this.setGradient(row, run);
    const numbers = runNumbersText(runNumbers(outcome, lastLossPoint(run)), PANEL_NUMBER);
    setText(row.loss, numbers);
    if (!outcome) {
      setAttr(row.element, 'data-status', 'running');
      setAttr(row.element, 'data-stop-reason', null);
      setText(row.status, l10n.t('running'));
      setText(row.detail, run.lastStep > 0 ? l10n.t('step {0} / {1}', run.lastStep, typeof meta.config.iterations === 'number' ? meta.config.iterations : '?') : l10n.t('starting…'));
      row.status.title = '';
      row.loss.title = numbers;
      this.setLocation(row, null);
      return;
    }
    setAttr(row.element, 'data-status', outcome.stopReason === 'error' || outcome.stopReason === 'diverged' || outcome.stopReason === 'timeout' ? 'failed' : 'finished');
    setAttr(row.element, 'data-stop-reason', outcome.stopReason);
    setText(row.status, stopReasonText(outcome.stopReason));
    setText(row.detail, outcomeDetail(outcome));
    // The engine's own sentence (why it stopped), in full.
    row.status.title = outcomeSentence(outcome);
    row.detail.title = outcomeSentence(outcome);
    row.loss.title = numbers;
    this.setLocation(row, outcome.error?.location ?? null);
  }

  private setGradient(row: Row, run: Run): void {
    const note = gradientNote(run);
    setAttr(row.element, 'data-gradient', run.meta.gradientFallback ? 'numeric' : run.meta.gradient);
    row.gradient.hidden = note === null;
    row.gradientLocation = note?.location ?? null;
    row.gradientLink.hidden = row.gradientLocation === null;
    if (!note) return;
    setText(row.gradientText, note.text);
    row.gradient.title = note.text;
    if (row.gradientLocation) {
      setText(row.gradientLink, locationText(row.gradientLocation));
      setAttr(row.gradientLink, 'aria-label', openInEditorText(row.gradientLocation));
    }
  }

  private setLocation(row: Row, location: Location | null): void {
    row.location = location;
    row.link.hidden = location === null;
    if (location) {
      setText(row.link, locationText(location));
      row.link.title = openText(location);
      setAttr(row.link, 'aria-label', openInEditorText(location));
    }
  }
}

/** Steps and time; an error's message in front (it says what to fix). */
/** Why the run stopped: its error, else the engine's detail — in the page's language where the engine gave it as data. */
function outcomeSentence(outcome: RunOutcomeMessage): string {
  return outcome.error ? localizedDetail(outcome.error.message, outcome.error.text) : localizedDetail(outcome.detail, outcome.detailText);
}

function outcomeDetail(outcome: RunOutcomeMessage): string {
  const parts: string[] = [];
  if (outcome.stopReason === 'error' || outcome.stopReason === 'timeout') parts.push(outcomeSentence(outcome));
  // L-BFGS runs several evaluations of the objective per step: both counts.
  const steps = outcome.steps === 1 ? l10n.t('1 step') : l10n.t('{0} steps', outcome.steps);
  const evaluations = outcome.evaluations === undefined ? '' : outcome.evaluations === 1 ? l10n.t('1 evaluation') : l10n.t('{0} evaluations', outcome.evaluations);
  parts.push(evaluations ? `${steps} (${evaluations})` : steps);
  const time = formatDuration(outcome.wallTimeMs, PANEL_DURATION);
  if (time) parts.push(time);
  return parts.join(' · ');
}
