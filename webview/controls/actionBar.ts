/**
 * The action buttons above the controls: Run (the form's submit button, so Enter in a field
 * runs), Stop, Clear; Step through (a run paused before its first step), Pause, Step, Resume;
 * Preview schedule, Save as default, and Export PNG / CSV / JSON. Enabled by state only.
 */
import * as l10n from '@vscode/l10n';
import type { StepAction } from '../../src/shared/protocol';
import { h, setAttr } from '../dom';

export interface ActionBarEvents {
  /** Start a run paused before its first step. */
  stepThrough(): void;
  stepRun(action: StepAction): void;
  stop(): void;
  clear(): void;
  preview(): void;
  saveDefaults(): void;
  exportPng(): void;
  exportData(format: 'csv' | 'json'): void;
}

export interface ActionBarState {
  canRun: boolean;
  /** Tooltip of Run: how to run, or why it cannot. */
  runTitle: string;
  running: boolean;
  /** A run waits paused (Step and Resume act on it). */
  paused: boolean;
  hasRuns: boolean;
  canPreview: boolean;
  /** Every field reads (the form can be saved as the defaults). */
  formValid: boolean;
  /** Why Save as default is off, when it is. */
  saveTitle: string;
}

function button(label: string, attrs: Record<string, string>, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'secondary', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

export class ActionBar {
  readonly root: HTMLElement;
  private readonly run = h('button', { type: 'submit', class: 'primary', id: 'run', 'aria-label': l10n.t('Run the optimizer') }, l10n.t('Run'));
  private readonly stop: HTMLButtonElement;
  private readonly stepThrough: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly step: HTMLButtonElement;
  private readonly resume: HTMLButtonElement;
  private readonly clear: HTMLButtonElement;
  private readonly preview: HTMLButtonElement;
  private readonly saveDefaults: HTMLButtonElement;
  private readonly exports: HTMLButtonElement[];

  constructor(events: ActionBarEvents) {
    this.stop = button(l10n.t('Stop'), { id: 'stop', 'aria-label': l10n.t('Stop running runs') }, () => events.stop());
    this.stepThrough = button(l10n.t('Step through'), { id: 'step-through', 'aria-label': l10n.t('Start a run paused before its first step, to take it one optimizer step at a time') }, () => events.stepThrough());
    this.pause = button(l10n.t('Pause'), { id: 'pause', 'aria-label': l10n.t('Pause the running run after the step under way') }, () => events.stepRun('pause'));
    this.step = button(l10n.t('Step once'), { id: 'step', 'aria-label': l10n.t('Take one optimizer step and pause again') }, () => events.stepRun('step'));
    this.resume = button(l10n.t('Resume'), { id: 'resume', 'aria-label': l10n.t('Let the paused run run on') }, () => events.stepRun('resume'));
    this.clear = button(l10n.t('Clear'), { id: 'clear', 'aria-label': l10n.t('Remove the runs on screen (Undo brings them back)') }, () => events.clear());
    this.preview = button(l10n.t('Preview schedule'), { id: 'preview', class: 'secondary toggle-button', 'aria-label': l10n.t("Schedule preview: the lr curve of the form, live") }, () => events.preview());
    this.saveDefaults = button(l10n.t("Save as default"), { id: 'save-defaults', 'aria-label': l10n.t("Save these controls as LR Lab's defaults (settings)") }, () => events.saveDefaults());
    this.exports = [
      button('PNG', { id: 'export-png', 'aria-label': l10n.t('Export the charts as a PNG image') }, () => events.exportPng()),
      button('CSV', { id: 'export-csv', 'aria-label': l10n.t('Export the visible runs as CSV') }, () => events.exportData('csv')),
      button('JSON', { id: 'export-json', 'aria-label': l10n.t('Export the visible runs as JSON') }, () => events.exportData('json')),
    ];
    this.root = h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'button-group', role: 'group', 'aria-label': l10n.t('Run') }, this.run, this.stop, this.clear),
      h('div', { class: 'button-group', role: 'group', 'aria-label': l10n.t('Step through') }, this.stepThrough, this.pause, this.step, this.resume),
      h('div', { class: 'button-group', role: 'group', 'aria-label': l10n.t('Schedule preview') }, this.preview, this.saveDefaults),
      h('div', { class: 'button-group export', role: 'group', 'aria-label': l10n.t('Export') }, h('span', { class: 'group-label' }, l10n.t('Export')), ...this.exports),
    );
  }

  /** Whether the preview toggle shows as on. */
  setPreviewOpen(open: boolean): void {
    setAttr(this.preview, 'aria-pressed', String(open));
    this.preview.title = open ? l10n.t("Hide the schedule preview (it follows the form while shown)") : l10n.t("Show the schedule preview beside the form");
  }

  update(state: ActionBarState): void {
    this.run.disabled = !state.canRun;
    setAttr(this.run, 'title', state.runTitle);
    this.stop.disabled = !state.running;
    this.stepThrough.disabled = !state.canRun;
    this.pause.disabled = !state.running || state.paused;
    this.step.disabled = !state.paused;
    this.resume.disabled = !state.paused;
    this.clear.disabled = !state.hasRuns;
    for (const b of this.exports) b.disabled = !state.hasRuns;
    this.preview.disabled = !state.canPreview;
    this.saveDefaults.disabled = !state.formValid;
    setAttr(this.saveDefaults, 'title', state.saveTitle);
  }
}
