/**
 * The controls strip: the action bar (./actionBar.ts), the objective picker
 * (./objectivePicker.ts) and the fields (./controlsForm.ts), as one form: Enter in a field runs
 * (Run is the form's submit button). It tells the host about edited controls (debounced, and
 * at once before a run that uses them), keeps the typed text as a draft in the view state.
 * The form is checked as it is typed in: while a field does not read, that field is marked,
 * its problem shows below the form, Run is disabled with the problem as its tooltip, and the
 * host hears of the problem (with the last valid controls), so nothing runs an older value
 * unannounced.
 */
import * as l10n from '@vscode/l10n';
import type { Catalog, ControlValues, PanelContext, StepAction } from '../../src/shared/protocol';
import { canonicalJson } from '../../src/shared/canonical';
import { h, setText } from '../dom';
import type { MessageRouter, Unregister } from '../router';
import type { FormDraft, ViewStateStore } from '../state';
import { ActionBar } from './actionBar';
import type { FieldProblem } from './configFields';
import { ControlsForm, type PreviewRequest } from './controlsForm';
import { ObjectivePicker } from './objectivePicker';

export interface ControlsEvents {
  /** `stepThrough`: the run starts paused before its first step. */
  run(controls: ControlValues, stepThrough: boolean): void;
  /** Pause / Step / Resume the running run(s). */
  stepRun(action: StepAction): void;
  stop(): void;
  clear(): void;
  /** The form's schedule changed: its curve (null: none, the form does not read or the preview is off). */
  preview(request: PreviewRequest | null): void;
  /** The schedule preview was shown or hidden. */
  previewShown(open: boolean): void;
  /** Save the form's controls as the defaults. */
  saveDefaults(controls: ControlValues): void;
  exportPng(): void;
  exportData(format: 'csv' | 'json'): void;
  selectObjective(name: string): void;
  /** The user edited the controls (debounced): valid ones, or the last valid ones and what is wrong now. */
  changed(controls: ControlValues, problem: string | null): void;
}

const CHANGE_DELAY_MS = 400;
/** The live preview follows typing a little sooner than the host hears of it. */
const PREVIEW_DELAY_MS = 150;

export class Controls {
  readonly root: HTMLFormElement;
  private readonly form: ControlsForm;
  private readonly picker: ObjectivePicker;
  private readonly actions: ActionBar;
  private readonly formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  private context: PanelContext | null = null;
  /** Canonical JSON of the last controls the host knows (received or sent). */
  private basis = '';
  /** The last controls that read (the host's, or the form's). */
  private lastValid: ControlValues | null = null;
  /** What is wrong with the form now (null: it reads). */
  private problem: FieldProblem | null = null;
  /** The problem the host was last told of. */
  private problemSent: string | null = null;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last preview request sent (canonical JSON), so an edit that changes nothing of it asks for nothing. */
  private previewSent = '';
  private running = false;
  private paused = false;
  private hasRuns = false;

  constructor(
    private readonly events: ControlsEvents,
    private readonly store: ViewStateStore,
  ) {
    this.form = new ControlsForm(store, () => this.edited());
    this.picker = new ObjectivePicker((name) => events.selectObjective(name));
    this.actions = new ActionBar({
      stepThrough: () => this.run(true),
      stepRun: (action) => events.stepRun(action),
      stop: () => events.stop(),
      clear: () => events.clear(),
      preview: () => this.togglePreview(),
      saveDefaults: () => {
        const r = this.form.read();
        if (r.ok) events.saveDefaults(r.controls);
      },
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
    this.actions.setPreviewOpen(store.current.previewOpen);
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

  /** Focus the field of an optimizer's or schedule's option (opening its section), for the formula card's symbols. */
  focusOption(kind: 'optimizer' | 'schedule', option: string): void {
    const selector = kind === 'optimizer' ? (option === 'lr' ? '#lr' : `.optimizer-options [name="${CSS.escape(option)}"]`) : `.schedule-options [name="${CSS.escape(option)}"]`;
    const input = this.root.querySelector<HTMLElement>(selector);
    if (!input) return;
    const section = input.closest('details');
    if (section) section.open = true;
    input.focus();
  }

  setCatalog(catalog: Catalog): void {
    this.form.setCatalog(catalog);
    this.validate();
  }

  /** Show the host's controls; `draft` is restored on top if it was made from the same controls. */
  setValues(controls: ControlValues, draft?: FormDraft | null): void {
    this.basis = canonicalJson(controls);
    this.lastValid = controls;
    this.problemSent = null;
    this.previewSent = '';
    this.form.setValues(controls, draft && draft.basis === this.basis ? draft : null);
    this.validate();
  }

  setContext(context: PanelContext): void {
    this.context = context;
    this.picker.setContext(context);
    this.form.setBatched(context.batched);
    this.validate();
  }

  setRunState(running: boolean, hasRuns: boolean, paused = false): void {
    this.running = running;
    this.paused = paused;
    this.hasRuns = hasRuns;
    this.updateButtons();
  }

  /** The controls as the form holds them now (null while a field is invalid): what the lr finder and a sweep start from. */
  current(): ControlValues | null {
    const r = this.form.read();
    return r.ok ? r.controls : null;
  }

  /** Whether a run can be started now (trusted, no notice, catalog known, every field reads). */
  get canRun(): boolean {
    return this.context !== null && this.context.trusted && this.context.notice === null && this.form.hasCatalog && this.problem === null;
  }

  private run(stepThrough = false): void {
    const r = this.form.read();
    if (!r.ok) return this.showError(r.error, r.input, true);
    if (!this.canRun) return;
    this.flushChange(r.controls);
    this.events.run(r.controls, stepThrough);
  }

  private togglePreview(): void {
    const open = !this.store.current.previewOpen;
    this.store.update((s) => (s.previewOpen = open));
    this.actions.setPreviewOpen(open);
    this.events.previewShown(open);
    this.previewSent = '';
    this.followPreview(0);
  }

  /** Ask for the form's schedule curve (after `delay` ms), or say there is none. */
  private followPreview(delay = PREVIEW_DELAY_MS): void {
    if (this.previewTimer !== undefined) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      this.previewTimer = undefined;
      const r = this.store.current.previewOpen ? this.form.readPreview() : null;
      if (!r || !r.ok) {
        this.previewSent = '';
        this.events.preview(null);
        return;
      }
      const json = canonicalJson(r.request);
      if (json === this.previewSent) return;
      this.previewSent = json;
      this.events.preview(r.request);
    }, delay);
  }

  /** Read the form: mark what does not read and say so, or clear the marks; Run follows. */
  private validate(): void {
    const r = this.form.read();
    // Before the catalog there is nothing to mark (Run waits for LR Lab).
    this.problem = r.ok || !r.input ? null : { error: r.error, input: r.input };
    if (r.ok) this.lastValid = r.controls;
    this.showError(this.problem?.error ?? null, this.problem?.input);
    this.updateButtons();
    if (this.form.hasCatalog) this.followPreview();
  }

  /** Tell the host about edited controls now (before a run), unless it knows them already. */
  private flushChange(controls: ControlValues): void {
    if (this.changeTimer !== undefined) clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    const json = canonicalJson(controls);
    if (json === this.basis && this.problemSent === null) return;
    this.basis = json;
    this.problemSent = null;
    this.saveDraft();
    this.events.changed(controls, null);
  }

  /** The form does not read: tell the host (once per problem) with the last valid controls. */
  private flushProblem(problem: string): void {
    if (problem === this.problemSent || !this.lastValid) return;
    this.problemSent = problem;
    this.events.changed(this.lastValid, problem);
  }

  private edited(): void {
    this.validate();
    this.saveDraft();
    if (this.changeTimer !== undefined) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const r = this.form.read();
      if (r.ok) this.flushChange(r.controls);
      else this.flushProblem(r.error);
    }, CHANGE_DELAY_MS);
  }

  private saveDraft(): void {
    const draft = this.form.draft(this.basis);
    this.store.update((s) => (s.draft = draft));
  }

  /** Show `message` below the form and mark `input`; `focus`: bring the field into view (after a Run that could not go). */
  private showError(message: string | null, input?: HTMLElement, focus = false): void {
    for (const el of this.root.querySelectorAll('[aria-invalid="true"]')) if (el !== input) el.removeAttribute('aria-invalid');
    setText(this.formError, message ?? '');
    this.formError.hidden = message === null;
    if (message === null || !input) return;
    input.setAttribute('aria-invalid', 'true');
    const section = input.closest('details');
    if (section) section.open = true; // the field is in a collapsed section
    if (focus) input.focus();
  }

  private updateButtons(): void {
    const context = this.context;
    const canRun = this.canRun;
    const why = this.problem ? l10n.t('Fix first: {0}', this.problem.error) : (context?.notice ?? (context && !context.trusted ? l10n.t('Running needs a trusted workspace') : l10n.t('Waiting for LR Lab')));
    this.actions.update({
      canRun,
      runTitle: canRun ? l10n.t('Run (Enter in any field)') : why,
      running: this.running,
      paused: this.paused,
      hasRuns: this.hasRuns,
      canPreview: this.form.canPreview,
      formValid: this.form.hasCatalog && this.problem === null,
      saveTitle: this.problem ? l10n.t('Fix first: {0}', this.problem.error) : l10n.t("New panels start from these controls (written to your settings)"),
    });
  }
}
