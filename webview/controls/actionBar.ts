/**
 * The action buttons above the controls: Run (the form's submit button, so Enter in a field
 * runs), Stop, Clear, Preview schedule, Save as default, and Export PNG / CSV / JSON. Enabled
 * by state only.
 */
import * as l10n from '@vscode/l10n';
import { h, setAttr } from '../dom';

export interface ActionBarEvents {
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
  private readonly clear: HTMLButtonElement;
  private readonly preview: HTMLButtonElement;
  private readonly saveDefaults: HTMLButtonElement;
  private readonly exports: HTMLButtonElement[];

  constructor(events: ActionBarEvents) {
    this.stop = button(l10n.t('Stop'), { id: 'stop', 'aria-label': l10n.t('Stop running runs') }, () => events.stop());
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
    this.clear.disabled = !state.hasRuns;
    for (const b of this.exports) b.disabled = !state.hasRuns;
    this.preview.disabled = !state.canPreview;
    this.saveDefaults.disabled = !state.formValid;
    setAttr(this.saveDefaults, 'title', state.saveTitle);
  }
}
