/**
 * The controls strip: the action bar (./actionBar.ts), the objective picker
 * (./objectivePicker.ts) and the fields (./controlsForm.ts), as one form: Enter in a field runs
 * (Run is the form's submit button). It tells the host about edited controls (debounced, and
 * at once before a run that uses them), keeps the typed text as a draft in the view state,
 * and shows the first problem of the form beside it.
 */
import * as l10n from '@vscode/l10n';
import type { Catalog, ControlValues, PanelContext } from '../../src/shared/protocol';
import { canonicalJson } from '../../src/shared/canonical';
import { h, setText } from '../dom';
import type { MessageRouter, Unregister } from '../router';
import type { FormDraft, ViewStateStore } from '../state';
import { ActionBar } from './actionBar';
import { ControlsForm, type PreviewRequest } from './controlsForm';
import { ObjectivePicker } from './objectivePicker';

export interface ControlsEvents {
  run(controls: ControlValues): void;
  stop(): void;
  clear(): void;
  preview(request: PreviewRequest): void;
  exportPng(): void;
  exportData(format: 'csv' | 'json'): void;
  selectObjective(name: string): void;
  /** The user edited the controls and they are valid (debounced). */
  changed(controls: ControlValues): void;
}

const CHANGE_DELAY_MS = 400;

export class Controls {
  readonly root: HTMLFormElement;
  private readonly form: ControlsForm;
  private readonly picker: ObjectivePicker;
  private readonly actions: ActionBar;
  private readonly formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  private context: PanelContext | null = null;
  /** Canonical JSON of the last controls the host knows (received or sent). */
  private basis = '';
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private hasRuns = false;

  constructor(
    private readonly events: ControlsEvents,
    private readonly store: ViewStateStore,
  ) {
    this.form = new ControlsForm(store, () => this.edited());
    this.picker = new ObjectivePicker((name) => events.selectObjective(name));
    this.actions = new ActionBar({
      stop: () => events.stop(),
      clear: () => events.clear(),
      preview: () => this.preview(),
      exportPng: () => events.exportPng(),
      exportData: (format) => events.exportData(format),
    });
    this.root = h(
      'form',
      { class: 'controls', 'aria-label': l10n.t('Run controls'), novalidate: true },
      this.actions.root,
      h('div', { class: 'fields' }, this.picker.field, ...this.form.fields),
      ...this.form.sections,
      this.formError,
    );
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
    this.updateButtons();
  }

  /** The host's catalog, controls and context: in `init`, and each on its own later. */
  listen(router: MessageRouter): Unregister[] {
    return [
      router.on('init', (message) => {
        this.setCatalog(message.catalog);
        this.setValues(message.controls, this.store.current.draft);
        this.setContext(message.context);
      }),
      router.on('context', (message) => this.setContext(message.context)),
      router.on('controls', (message) => this.setValues(message.controls)),
    ];
  }

  setCatalog(catalog: Catalog): void {
    this.form.setCatalog(catalog);
    this.updateButtons();
  }

  /** Show the host's controls; `draft` is restored on top if it was made from the same controls. */
  setValues(controls: ControlValues, draft?: FormDraft | null): void {
    this.basis = canonicalJson(controls);
    this.form.setValues(controls, draft && draft.basis === this.basis ? draft : null);
    this.showError(null);
  }

  setContext(context: PanelContext): void {
    this.context = context;
    this.picker.setContext(context);
    this.form.setBatched(context.batched);
    this.updateButtons();
  }

  setRunState(running: boolean, hasRuns: boolean): void {
    this.running = running;
    this.hasRuns = hasRuns;
    this.updateButtons();
  }

  /** The controls as the form holds them now (null while a field is invalid): what the lr finder and a sweep start from. */
  current(): ControlValues | null {
    const r = this.form.read();
    return r.ok ? r.controls : null;
  }

  /** Whether a run can be started now (trusted, no notice, catalog known). */
  get canRun(): boolean {
    return this.context !== null && this.context.trusted && this.context.notice === null && this.form.hasCatalog;
  }

  private run(): void {
    if (!this.canRun) return;
    const r = this.form.read();
    if (!r.ok) return this.showError(r.error, r.input);
    this.showError(null);
    this.flushChange(r.controls);
    this.events.run(r.controls);
  }

  private preview(): void {
    const r = this.form.readPreview();
    if (!r.ok) return this.showError(r.error, r.input);
    this.showError(null);
    this.events.preview(r.request);
  }

  /** Tell the host about edited controls now (before a run), unless it knows them already. */
  private flushChange(controls: ControlValues): void {
    if (this.changeTimer !== undefined) clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    const json = canonicalJson(controls);
    if (json === this.basis) return;
    this.basis = json;
    this.saveDraft();
    this.events.changed(controls);
  }

  private edited(): void {
    this.showError(null);
    this.saveDraft();
    if (this.changeTimer !== undefined) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const r = this.form.read();
      if (r.ok) this.flushChange(r.controls);
    }, CHANGE_DELAY_MS);
  }

  private saveDraft(): void {
    const draft = this.form.draft(this.basis);
    this.store.update((s) => (s.draft = draft));
  }

  private showError(message: string | null, input?: HTMLElement): void {
    for (const el of this.root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    setText(this.formError, message ?? '');
    this.formError.hidden = message === null;
    if (message === null || !input) return;
    input.setAttribute('aria-invalid', 'true');
    const section = input.closest('details');
    if (section) section.open = true; // the field is in a collapsed section
    input.focus();
  }

  private updateButtons(): void {
    const context = this.context;
    const canRun = this.canRun;
    this.actions.update({
      canRun,
      runTitle: canRun ? l10n.t('Run (Enter in any field)') : (context?.notice ?? (context && !context.trusted ? l10n.t('Running needs a trusted workspace') : l10n.t('Waiting for LR Lab'))),
      running: this.running,
      hasRuns: this.hasRuns,
      canPreview: this.form.canPreview,
    });
  }
}
