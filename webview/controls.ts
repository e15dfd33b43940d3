/**
 * The controls strip: objective, optimizer, learning rate, schedule (+ its options),
 * iterations, optional optimizer options, and the action buttons. The form is generated
 * from the host's catalog. It keeps the text of every option field per optimizer / schedule
 * type, so switching type and back restores what was typed; only fields the user filled in
 * are sent. Enter in a field runs (the toolbar's Run is the form's submit button).
 */
import type { Catalog, CatalogEntry, CatalogOption, ControlValues, PanelContext, RawTypedConfig } from '../src/shared/protocol';
import { canonicalJson } from './canonical';
import { h, replaceChildren, setText } from './dom';
import { formatDefault } from './format';
import { createOptionField, optionText, parseOptionNumber, type OptionField } from './optionFields';
import type { FormDraft, ViewStateStore } from './state';
import { Toolbar } from './toolbar';

export interface PreviewRequest {
  schedule: RawTypedConfig;
  lr: number;
  steps: number;
}

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

type Scope = 'opt' | 'sch';
type ReadControls = { ok: true; controls: ControlValues } | { ok: false; error: string; input?: HTMLElement };

const MAX_ITERATIONS = 10_000_000;
const ITERATIONS_OPTION: CatalogOption = { name: 'iterations', kind: 'number', doc: 'Maximum number of optimizer steps', default: 200, min: 1, max: MAX_ITERATIONS, integer: true };
const CHANGE_DELAY_MS = 400;

function labelled(label: string, input: HTMLElement, extraClass = ''): HTMLElement {
  return h('div', { class: `field ${extraClass}`.trim() }, h('label', { for: input.id }, label), input);
}

export class Controls {
  readonly root: HTMLFormElement;
  private catalog: Catalog = { optimizers: [], schedules: [] };
  private context: PanelContext | null = null;
  /** Field texts of every type the user visited, keyed `scope:type:name`. */
  private texts = new Map<string, string>();
  private optimizerFields: OptionField[] = [];
  private scheduleFields: OptionField[] = [];
  /** The type whose option fields are on screen, per scope. */
  private fieldsType: Record<Scope, string | undefined> = { opt: undefined, sch: undefined };
  /** Canonical JSON of the last controls the host knows (received or sent). */
  private basis = '';
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private hasRuns = false;

  private readonly objectiveSelect = h('select', { id: 'objective', 'aria-label': 'Objective' });
  private readonly optimizerSelect = h('select', { id: 'optimizer', 'aria-label': 'Optimizer' });
  private readonly scheduleSelect = h('select', { id: 'schedule', 'aria-label': 'Schedule' });
  private readonly lrInput = h('input', { id: 'lr', type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Learning rate' });
  private readonly iterationsInput = h('input', { id: 'iterations', type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Iterations', title: ITERATIONS_OPTION.doc });
  private readonly scheduleOptions = h('div', { class: 'option-grid', role: 'group', 'aria-label': 'Schedule options' });
  private readonly scheduleHint = h('p', { class: 'hint' });
  private readonly optimizerOptions = h('div', { class: 'option-grid', role: 'group', 'aria-label': 'Optimizer options' });
  private readonly optimizerHint = h('p', { class: 'hint' });
  private readonly optimizerSummary = h('summary', {}, 'Optimizer options');
  private readonly details: HTMLDetailsElement;
  private readonly formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  private readonly toolbar: Toolbar;

  constructor(
    private readonly events: ControlsEvents,
    private readonly store: ViewStateStore,
  ) {
    this.details = h(
      'details',
      { class: 'optimizer-options', open: !store.current.collapsed.optimizerOptions },
      this.optimizerSummary,
      this.optimizerHint,
      this.optimizerOptions,
    );
    this.details.addEventListener('toggle', () => this.store.update((s) => (s.collapsed.optimizerOptions = !this.details.open)));
    this.toolbar = new Toolbar({
      stop: () => events.stop(),
      clear: () => events.clear(),
      preview: () => this.preview(),
      exportPng: () => events.exportPng(),
      exportData: (format) => events.exportData(format),
    });
    this.root = h(
      'form',
      { class: 'controls', 'aria-label': 'Run controls', novalidate: true },
      this.toolbar.root,
      h(
        'div',
        { class: 'fields' },
        labelled('Objective', this.objectiveSelect, 'wide'),
        labelled('Optimizer', this.optimizerSelect),
        labelled('Learning rate', this.lrInput),
        labelled('Schedule', this.scheduleSelect),
        labelled('Iterations', this.iterationsInput),
      ),
      h('div', { class: 'schedule-options' }, this.scheduleHint, this.scheduleOptions),
      this.details,
      this.formError,
    );
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
    this.optimizerSelect.addEventListener('change', () => {
      this.saveTexts();
      this.buildOptimizerFields();
      this.edited();
    });
    this.scheduleSelect.addEventListener('change', () => {
      this.saveTexts();
      this.buildScheduleFields();
      this.edited();
    });
    for (const input of [this.lrInput, this.iterationsInput]) input.addEventListener('input', () => this.edited());
    this.objectiveSelect.addEventListener('change', () => {
      if (this.objectiveSelect.value) this.events.selectObjective(this.objectiveSelect.value);
    });
    this.updateButtons();
  }

  setCatalog(catalog: Catalog): void {
    this.catalog = catalog;
    const fill = (select: HTMLSelectElement, entries: CatalogEntry[]): void => {
      const current = select.value;
      replaceChildren(select, ...entries.map((e) => h('option', { value: e.type, title: `${e.title}: ${e.summary}` }, e.type)));
      if (entries.some((e) => e.type === current)) select.value = current;
    };
    fill(this.optimizerSelect, catalog.optimizers);
    fill(this.scheduleSelect, catalog.schedules);
    this.buildOptimizerFields();
    this.buildScheduleFields();
    this.updateButtons();
  }

  /** Show the host's controls (init / controls message); `draft` is restored on top if it was made from the same controls. */
  setValues(controls: ControlValues, draft?: FormDraft | null): void {
    this.saveTexts();
    this.basis = canonicalJson(controls);
    this.selectType(this.optimizerSelect, controls.optimizer.type, 'optimizer');
    this.selectType(this.scheduleSelect, controls.schedule.type, 'schedule');
    const optimizer = this.entry('opt');
    const schedule = this.entry('sch');
    this.lrInput.value = typeof controls.optimizer.lr === 'number' ? String(controls.optimizer.lr) : '';
    if (optimizer) this.setTexts('opt', optimizer, controls.optimizer);
    if (schedule) this.setTexts('sch', schedule, controls.schedule);
    this.iterationsInput.value = String(controls.iterations);
    if (draft && draft.basis === this.basis) {
      this.texts = new Map(Object.entries(draft.fields));
      this.selectType(this.optimizerSelect, draft.optimizer, 'optimizer');
      this.selectType(this.scheduleSelect, draft.schedule, 'schedule');
      this.lrInput.value = draft.lr;
      this.iterationsInput.value = draft.iterations;
    }
    this.buildOptimizerFields();
    this.buildScheduleFields();
    this.showError(null);
  }

  setContext(context: PanelContext): void {
    this.context = context;
    const names = context.objectives.length ? context.objectives : context.objective ? [context.objective.name] : [];
    if (names.length === 0) replaceChildren(this.objectiveSelect, h('option', { value: '' }, 'no objective'));
    else replaceChildren(this.objectiveSelect, ...names.map((name) => h('option', { value: name }, name)));
    if (context.objective) this.objectiveSelect.value = context.objective.name;
    this.objectiveSelect.title = context.objective ? `${context.objective.label} › ${context.objective.name}` : 'No objective';
    this.objectiveSelect.disabled = names.length < 2;
    this.updateButtons();
  }

  setRunState(running: boolean, hasRuns: boolean): void {
    this.running = running;
    this.hasRuns = hasRuns;
    this.updateButtons();
  }

  /** Whether a run can be started now (trusted, no notice, catalog known). */
  get canRun(): boolean {
    return this.context !== null && this.context.trusted && this.context.notice === null && this.catalog.optimizers.length > 0 && this.catalog.schedules.length > 0;
  }

  /** The controls as a Run request would carry them, or the first problem. */
  read(): ReadControls {
    const optimizer = this.entry('opt');
    const schedule = this.entry('sch');
    if (!optimizer || !schedule) return { ok: false, error: 'The optimizer and schedule catalog has not arrived yet.' };
    const optimizerConfig: RawTypedConfig = { type: optimizer.type };
    const lrOption = optimizer.options.find((o) => o.name === 'lr');
    if (this.lrInput.value.trim() !== '') {
      const lr = parseOptionNumber(lrOption ?? { name: 'lr', kind: 'number', doc: '', default: null, min: 0 }, this.lrInput.value, 'Learning rate');
      if (typeof lr === 'string') return { ok: false, error: lr, input: this.lrInput };
      optimizerConfig.lr = lr;
    }
    const fromFields = (fields: OptionField[], into: RawTypedConfig): ReadControls | null => {
      for (const field of fields) {
        const r = field.read();
        if (!r.ok) return { ok: false, error: r.error, input: field.input };
        if (r.value !== undefined) into[field.option.name] = r.value;
      }
      return null;
    };
    const optimizerProblem = fromFields(this.optimizerFields, optimizerConfig);
    if (optimizerProblem) return optimizerProblem;
    const scheduleConfig: RawTypedConfig = { type: schedule.type };
    const scheduleProblem = fromFields(this.scheduleFields, scheduleConfig);
    if (scheduleProblem) return scheduleProblem;
    const iterations = parseOptionNumber(ITERATIONS_OPTION, this.iterationsInput.value, 'Iterations');
    if (typeof iterations === 'string') return { ok: false, error: iterations, input: this.iterationsInput };
    return { ok: true, controls: { optimizer: optimizerConfig, schedule: scheduleConfig, iterations } };
  }

  private run(): void {
    if (!this.canRun) return;
    const r = this.read();
    if (!r.ok) {
      this.showError(r.error, r.input);
      return;
    }
    this.showError(null);
    this.flushChange(r.controls);
    this.events.run(r.controls);
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

  private preview(): void {
    const r = this.read();
    if (!r.ok) {
      this.showError(r.error, r.input);
      return;
    }
    const optimizer = this.entry('opt');
    const lr = typeof r.controls.optimizer.lr === 'number' ? r.controls.optimizer.lr : optimizer?.options.find((o) => o.name === 'lr')?.default;
    if (typeof lr !== 'number' || !(lr > 0)) {
      this.showError('Preview schedule: the learning rate must be greater than 0.', this.lrInput);
      return;
    }
    this.showError(null);
    this.events.preview({ schedule: r.controls.schedule, lr, steps: r.controls.iterations });
  }

  private edited(): void {
    this.showError(null);
    this.saveDraft();
    if (this.changeTimer !== undefined) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const r = this.read();
      if (r.ok) this.flushChange(r.controls);
    }, CHANGE_DELAY_MS);
  }

  private showError(message: string | null, input?: HTMLElement): void {
    for (const el of this.root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    if (message === null) {
      this.formError.hidden = true;
      setText(this.formError, '');
      return;
    }
    setText(this.formError, message);
    this.formError.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      if (input.closest('details') === this.details) this.details.open = true;
      input.focus();
    }
  }

  private entry(scope: Scope): CatalogEntry | undefined {
    const [list, select] = scope === 'opt' ? [this.catalog.optimizers, this.optimizerSelect] : [this.catalog.schedules, this.scheduleSelect];
    return list.find((e) => e.type === select.value);
  }

  private selectType(select: HTMLSelectElement, type: string, what: string): void {
    if ([...select.options].some((o) => o.value === type)) select.value = type;
    else console.warn(`LR Lab: unknown ${what} "${type}" in the controls; keeping "${select.value}"`);
  }

  private setTexts(scope: Scope, entry: CatalogEntry, config: RawTypedConfig): void {
    for (const option of entry.options) {
      if (scope === 'opt' && option.name === 'lr') continue;
      const key = `${scope}:${entry.type}:${option.name}`;
      const text = optionText(option, config[option.name]);
      if (text === '') this.texts.delete(key);
      else this.texts.set(key, text);
    }
    const known = new Set(['type', 'lr', ...entry.options.map((o) => o.name)]);
    const unknown = Object.keys(config).filter((k) => !known.has(k));
    if (unknown.length) console.warn(`LR Lab: ignoring unknown ${entry.type} option(s) ${unknown.join(', ')}`);
  }

  /** Remember the texts of the fields on screen (before they are replaced). */
  private saveTexts(): void {
    const save = (scope: Scope, fields: OptionField[]): void => {
      const type = this.fieldsType[scope];
      if (!type) return;
      for (const field of fields) {
        const key = `${scope}:${type}:${field.option.name}`;
        const text = field.getText();
        if (text === '') this.texts.delete(key);
        else this.texts.set(key, text);
      }
    };
    save('opt', this.optimizerFields);
    save('sch', this.scheduleFields);
  }

  private buildFields(scope: Scope, entry: CatalogEntry | undefined, container: HTMLElement): OptionField[] {
    this.fieldsType[scope] = entry?.type;
    if (!entry) {
      replaceChildren(container);
      return [];
    }
    const options = entry.options.filter((o) => !(scope === 'opt' && o.name === 'lr'));
    const fields = options.map((option) => createOptionField(option, () => this.edited()));
    for (const field of fields) field.setText(this.texts.get(`${scope}:${entry.type}:${field.option.name}`) ?? '');
    replaceChildren(container, ...fields.map((f) => f.element));
    return fields;
  }

  private buildOptimizerFields(): void {
    const entry = this.entry('opt');
    this.optimizerFields = this.buildFields('opt', entry, this.optimizerOptions);
    const lr = entry?.options.find((o) => o.name === 'lr');
    this.lrInput.placeholder = lr ? formatDefault(lr.default) : '';
    this.lrInput.title = lr?.doc ?? 'Learning rate';
    setText(this.optimizerSummary, entry ? `${entry.title} options` : 'Optimizer options');
    setText(this.optimizerHint, entry ? `${entry.summary} (${entry.reference})` : '');
    this.optimizerHint.title = entry?.formula ?? '';
    this.details.hidden = !entry || this.optimizerFields.length === 0;
    this.optimizerSelect.title = entry?.summary ?? '';
  }

  private buildScheduleFields(): void {
    const entry = this.entry('sch');
    this.scheduleFields = this.buildFields('sch', entry, this.scheduleOptions);
    setText(this.scheduleHint, entry ? `${entry.title}: ${entry.summary}${entry.options.length ? '' : ' No options.'}` : '');
    this.scheduleHint.title = entry ? `${entry.formula}\n${entry.reference}` : '';
    this.scheduleSelect.title = entry?.summary ?? '';
  }

  private saveDraft(): void {
    this.saveTexts();
    const draft: FormDraft = {
      basis: this.basis,
      optimizer: this.optimizerSelect.value,
      schedule: this.scheduleSelect.value,
      lr: this.lrInput.value,
      iterations: this.iterationsInput.value,
      fields: Object.fromEntries(this.texts),
    };
    this.store.update((s) => (s.draft = draft));
  }

  private updateButtons(): void {
    const context = this.context;
    const canRun = this.canRun;
    this.toolbar.update({
      canRun,
      runTitle: canRun ? 'Run (Enter in any field)' : (context?.notice ?? (context && !context.trusted ? 'Running needs a trusted workspace' : 'Waiting for LR Lab')),
      running: this.running,
      hasRuns: this.hasRuns,
      canPreview: this.catalog.schedules.length > 0,
    });
  }
}
