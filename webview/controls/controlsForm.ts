/**
 * The fields of the controls, generated from the host's catalog: optimizer, learning rate,
 * schedule (+ its options), iterations, and the optimizer's other options in a collapsible
 * section. Reads them into the controls a Run request carries, or says what is wrong where.
 */
import type { Catalog, CatalogOption, ControlValues, RawTypedConfig } from '../../src/shared/protocol';
import { h, labelledField, setText } from '../dom';
import { ITERATIONS } from '../../src/shared/defaults';
import { formatDefault } from '../../src/shared/format';
import type { FormDraft, ViewStateStore } from '../state';
import { ConfigFields, FieldTexts } from './configFields';
import { parseOptionNumber } from './optionFields';

export type ReadControls = { ok: true; controls: ControlValues } | { ok: false; error: string; input?: HTMLElement };

export interface PreviewRequest {
  schedule: RawTypedConfig;
  lr: number;
  steps: number;
}

export type ReadPreview = { ok: true; request: PreviewRequest } | { ok: false; error: string; input?: HTMLElement };

const ITERATIONS_OPTION: CatalogOption = { name: 'iterations', kind: 'number', doc: 'Maximum number of optimizer steps', default: ITERATIONS.default, min: ITERATIONS.minimum, max: ITERATIONS.maximum, integer: true };
const LR_OPTION: CatalogOption = { name: 'lr', kind: 'number', doc: '', default: null, min: 0 };

export class ControlsForm {
  /** The labelled fields of the first row (after the objective). */
  readonly fields: HTMLElement[];
  /** The option sections below it. */
  readonly sections: HTMLElement[];
  private catalog: Catalog = { optimizers: [], schedules: [] };
  private readonly texts = new FieldTexts();
  private readonly optimizer: ConfigFields;
  private readonly schedule: ConfigFields;
  private readonly lrInput = h('input', { id: 'lr', type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Learning rate' });
  private readonly iterationsInput = h('input', { id: 'iterations', type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Iterations', title: ITERATIONS_OPTION.doc });
  private readonly scheduleHint = h('p', { class: 'hint' });
  private readonly optimizerHint = h('p', { class: 'hint' });
  private readonly optimizerSummary = h('summary', {}, 'Optimizer options');
  private readonly details: HTMLDetailsElement;

  constructor(store: ViewStateStore, edited: () => void) {
    this.optimizer = new ConfigFields('opt', 'Optimizer', this.texts, new Set(['lr']), edited, () => this.describeOptimizer());
    this.schedule = new ConfigFields('sch', 'Schedule', this.texts, new Set(), edited, () => this.describeSchedule());
    for (const input of [this.lrInput, this.iterationsInput]) input.addEventListener('input', edited);
    this.details = h('details', { class: 'optimizer-options', open: !store.current.collapsed.optimizerOptions }, this.optimizerSummary, this.optimizerHint, this.optimizer.grid);
    this.details.addEventListener('toggle', () => store.update((s) => (s.collapsed.optimizerOptions = !this.details.open)));
    this.fields = [
      labelledField('Optimizer', this.optimizer.select),
      labelledField('Learning rate', this.lrInput),
      labelledField('Schedule', this.schedule.select),
      labelledField('Iterations', this.iterationsInput),
    ];
    this.sections = [h('div', { class: 'schedule-options' }, this.scheduleHint, this.schedule.grid), this.details];
  }

  get hasCatalog(): boolean {
    return this.catalog.optimizers.length > 0 && this.catalog.schedules.length > 0;
  }

  get canPreview(): boolean {
    return this.catalog.schedules.length > 0;
  }

  setCatalog(catalog: Catalog): void {
    this.catalog = catalog;
    this.optimizer.setEntries(catalog.optimizers);
    this.schedule.setEntries(catalog.schedules);
    this.rebuild();
  }

  /** Show `controls`, then the texts of `draft` on top (a draft made from these controls). */
  setValues(controls: ControlValues, draft: FormDraft | null): void {
    this.saveTexts();
    this.optimizer.selectType(controls.optimizer.type);
    this.schedule.selectType(controls.schedule.type);
    this.lrInput.value = typeof controls.optimizer.lr === 'number' ? String(controls.optimizer.lr) : '';
    this.optimizer.setConfig(controls.optimizer);
    this.schedule.setConfig(controls.schedule);
    this.iterationsInput.value = String(controls.iterations);
    if (draft) {
      this.texts.replace(draft.fields);
      this.optimizer.selectType(draft.optimizer);
      this.schedule.selectType(draft.schedule);
      this.lrInput.value = draft.lr;
      this.iterationsInput.value = draft.iterations;
    }
    this.rebuild();
  }

  /** What was typed, for the view state (restored by `setValues` while `basis` is what the host has). */
  draft(basis: string): FormDraft {
    this.saveTexts();
    return { basis, optimizer: this.optimizer.select.value, schedule: this.schedule.select.value, lr: this.lrInput.value, iterations: this.iterationsInput.value, fields: this.texts.toRecord() };
  }

  /** The controls as a Run request would carry them, or the first problem. */
  read(): ReadControls {
    const optimizer = this.optimizer.entry;
    const schedule = this.schedule.entry;
    if (!optimizer || !schedule) return { ok: false, error: 'The optimizer and schedule catalog has not arrived yet.' };
    const optimizerConfig: RawTypedConfig = { type: optimizer.type };
    if (this.lrInput.value.trim() !== '') {
      const lr = parseOptionNumber(optimizer.options.find((o) => o.name === 'lr') ?? LR_OPTION, this.lrInput.value, 'Learning rate');
      if (typeof lr === 'string') return { ok: false, error: lr, input: this.lrInput };
      optimizerConfig.lr = lr;
    }
    const scheduleConfig: RawTypedConfig = { type: schedule.type };
    const problem = this.optimizer.read(optimizerConfig) ?? this.schedule.read(scheduleConfig);
    if (problem) return { ok: false, ...problem };
    const iterations = parseOptionNumber(ITERATIONS_OPTION, this.iterationsInput.value, 'Iterations');
    if (typeof iterations === 'string') return { ok: false, error: iterations, input: this.iterationsInput };
    return { ok: true, controls: { optimizer: optimizerConfig, schedule: scheduleConfig, iterations } };
  }

  /** The schedule of the controls over their iterations, at their lr (or the optimizer's default). */
  readPreview(): ReadPreview {
    const r = this.read();
    if (!r.ok) return r;
    const lr = typeof r.controls.optimizer.lr === 'number' ? r.controls.optimizer.lr : this.optimizer.entry?.options.find((o) => o.name === 'lr')?.default;
    if (typeof lr !== 'number' || !(lr > 0)) return { ok: false, error: 'Preview schedule: the learning rate must be greater than 0.', input: this.lrInput };
    return { ok: true, request: { schedule: r.controls.schedule, lr, steps: r.controls.iterations } };
  }

  private saveTexts(): void {
    this.optimizer.saveTexts();
    this.schedule.saveTexts();
  }

  private rebuild(): void {
    this.optimizer.build();
    this.schedule.build();
  }

  private describeOptimizer(): void {
    const entry = this.optimizer.entry;
    const lr = entry?.options.find((o) => o.name === 'lr');
    this.lrInput.placeholder = lr ? formatDefault(lr.default) : '';
    this.lrInput.title = lr?.doc ?? 'Learning rate';
    setText(this.optimizerSummary, entry ? `${entry.title} options` : 'Optimizer options');
    setText(this.optimizerHint, entry ? `${entry.summary} (${entry.reference})` : '');
    this.optimizerHint.title = entry?.formula ?? '';
    this.details.hidden = !entry || this.optimizer.fieldCount === 0;
  }

  private describeSchedule(): void {
    const entry = this.schedule.entry;
    setText(this.scheduleHint, entry ? `${entry.title}: ${entry.summary}${entry.options.length ? '' : ' No options.'}` : '');
    this.scheduleHint.title = entry ? `${entry.formula}\n${entry.reference}` : '';
  }
}
