/**
 * The fields of the controls, generated from the host's catalog: optimizer, learning rate,
 * schedule (+ its options), iterations, and the optimizer's other options in a collapsible
 * section. Reads them into the controls a Run request carries, or says what is wrong where.
 */
import * as l10n from '@vscode/l10n';
import type { Catalog, CatalogOption, ControlValues, RawTypedConfig } from '../../src/shared/protocol';
import { h, labelledField, setAttr, setText } from '../dom';
import { ITERATIONS } from '../../src/shared/defaults';
import { formatDefault } from '../../src/shared/format';
import { inDisplayLanguage } from '../../src/shared/cardText';
import type { FormDraft, ViewStateStore } from '../state';
import { ConfigFields, FieldTexts } from './configFields';
import { parseOptionNumber } from './optionFields';

export type ReadControls = { ok: true; controls: ControlValues } | { ok: false; error: string; input?: HTMLElement };

/** A preview: the schedule over the iterations, from the optimizer's lr (the host applies its default when it has none, as for a run). */
export interface PreviewRequest {
  schedule: RawTypedConfig;
  optimizer: RawTypedConfig;
  steps: number;
}

export type ReadPreview = { ok: true; request: PreviewRequest } | { ok: false; error: string; input?: HTMLElement };

const ITERATIONS_OPTION: CatalogOption = { name: 'iterations', kind: 'number', doc: l10n.t('Maximum number of optimizer steps'), default: ITERATIONS.default, min: ITERATIONS.minimum, max: ITERATIONS.maximum, integer: true };
const LR_OPTION: CatalogOption = { name: 'lr', kind: 'number', doc: '', default: null, min: 0 };
const BATCH_OPTION: CatalogOption = { name: 'batchSize', kind: 'number', doc: l10n.t('Items of the data set per step'), default: null, min: 1, max: ITERATIONS.maximum, integer: true };

export class ControlsForm {
  /** The labelled fields of the first row (after the objective). */
  readonly fields: HTMLElement[];
  /** The option sections below it. */
  readonly sections: HTMLElement[];
  private catalog: Catalog = { optimizers: [], schedules: [] };
  private readonly texts = new FieldTexts();
  private readonly optimizer: ConfigFields;
  private readonly schedule: ConfigFields;
  private readonly lrInput = h('input', { id: 'lr', type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off', 'aria-label': l10n.t('Learning rate') });
  private readonly iterationsInput = h('input', { id: 'iterations', type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off', 'aria-label': l10n.t('Iterations'), title: ITERATIONS_OPTION.doc });
  /**
   * Items per step, for an objective with data (shown only then): empty is the objective's own
   * batchSize (else all the data: full-batch gradient descent), a number smaller than the data
   * set is mini-batch SGD on the same data.
   */
  private readonly batchInput = h('input', {
    id: 'batch-size',
    type: 'text',
    inputmode: 'numeric',
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: l10n.t('objective’s'),
    'aria-label': l10n.t('Batch size'),
    title: l10n.t('Items of the data set per step: empty for the objective’s own batchSize (else all the data, full-batch gradient descent); fewer for mini-batch SGD'),
  });
  private readonly batchField: HTMLElement;
  private batched = false;
  private readonly scheduleHint = h('p', { class: 'hint' });
  private readonly optimizerHint = h('p', { class: 'hint' });
  private readonly optimizerFormula = h('p', { class: 'hint formula', id: 'optimizer-formula' });
  private readonly optimizerDiffers = h('p', { class: 'hint differs', id: 'optimizer-differs' });
  private readonly optimizerSummary = h('summary', {}, l10n.t('Optimizer options'));
  private readonly details: HTMLDetailsElement;

  constructor(store: ViewStateStore, edited: () => void) {
    this.optimizer = new ConfigFields('opt', 'Optimizer', this.texts, new Set(['lr']), edited, () => this.describeOptimizer());
    this.schedule = new ConfigFields('sch', 'Schedule', this.texts, new Set(), edited, () => this.describeSchedule());
    for (const input of [this.lrInput, this.iterationsInput, this.batchInput]) input.addEventListener('input', edited);
    this.batchField = labelledField(l10n.t('Batch size'), this.batchInput);
    this.batchField.hidden = true;
    this.details = h(
      'details',
      { class: 'optimizer-options', open: !store.current.collapsed.optimizerOptions },
      this.optimizerSummary,
      this.optimizerHint,
      this.optimizerFormula,
      this.optimizerDiffers,
      this.optimizer.grid,
    );
    this.details.addEventListener('toggle', () => store.update((s) => (s.collapsed.optimizerOptions = !this.details.open)));
    this.fields = [
      labelledField(l10n.t('Optimizer'), this.optimizer.select),
      labelledField(l10n.t('Learning rate'), this.lrInput),
      labelledField(l10n.t('Schedule'), this.schedule.select),
      labelledField(l10n.t('Iterations'), this.iterationsInput),
      this.batchField,
    ];
    this.sections = [h('div', { class: 'schedule-options' }, this.scheduleHint, this.schedule.grid), this.details];
  }

  /** Whether the objective has data: only then is the batch size shown and sent. */
  setBatched(batched: boolean): void {
    this.batched = batched;
    this.batchField.hidden = !batched;
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
    this.batchInput.value = typeof controls.batchSize === 'number' ? String(controls.batchSize) : '';
    if (draft) {
      this.texts.replace(draft.fields);
      this.optimizer.selectType(draft.optimizer);
      this.schedule.selectType(draft.schedule);
      this.lrInput.value = draft.lr;
      this.iterationsInput.value = draft.iterations;
      if (draft.batchSize !== undefined) this.batchInput.value = draft.batchSize;
    }
    this.rebuild();
  }

  /** What was typed, for the view state (restored by `setValues` while `basis` is what the host has). */
  draft(basis: string): FormDraft {
    this.saveTexts();
    return { basis, optimizer: this.optimizer.select.value, schedule: this.schedule.select.value, lr: this.lrInput.value, iterations: this.iterationsInput.value, batchSize: this.batchInput.value, fields: this.texts.toRecord() };
  }

  /** The controls as a Run request would carry them, or the first problem. */
  read(): ReadControls {
    const optimizer = this.optimizer.entry;
    const schedule = this.schedule.entry;
    if (!optimizer || !schedule) return { ok: false, error: l10n.t('The optimizer and schedule catalog has not arrived yet.') };
    const optimizerConfig: RawTypedConfig = { type: optimizer.type };
    if (this.lrInput.value.trim() !== '') {
      const lr = parseOptionNumber(optimizer.options.find((o) => o.name === 'lr') ?? LR_OPTION, this.lrInput.value, l10n.t('Learning rate'));
      if (typeof lr === 'string') return { ok: false, error: lr, input: this.lrInput };
      optimizerConfig.lr = lr;
    }
    const scheduleConfig: RawTypedConfig = { type: schedule.type };
    const problem = this.optimizer.read(optimizerConfig) ?? this.schedule.read(scheduleConfig);
    if (problem) return { ok: false, ...problem };
    const iterations = parseOptionNumber(ITERATIONS_OPTION, this.iterationsInput.value, l10n.t('Iterations'));
    if (typeof iterations === 'string') return { ok: false, error: iterations, input: this.iterationsInput };
    let batchSize: number | null = null;
    if (this.batched && this.batchInput.value.trim() !== '') {
      const size = parseOptionNumber(BATCH_OPTION, this.batchInput.value, l10n.t('Batch size'));
      if (typeof size === 'string') return { ok: false, error: size, input: this.batchInput };
      batchSize = size;
    }
    return { ok: true, controls: { optimizer: optimizerConfig, schedule: scheduleConfig, iterations, ...(batchSize !== null ? { batchSize } : {}) } };
  }

  /** The schedule of the controls over their iterations, with their optimizer (whose lr, or default lr, the host starts it from). */
  readPreview(): ReadPreview {
    const r = this.read();
    if (!r.ok) return r;
    return { ok: true, request: { schedule: r.controls.schedule, optimizer: r.controls.optimizer, steps: r.controls.iterations } };
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
    this.lrInput.title = lr ? inDisplayLanguage(lr.doc) : l10n.t('Learning rate');
    const words = entry ? this.optimizer.words(entry) : undefined;
    setText(this.optimizerSummary, words ? l10n.t('{0} options', words.title) : l10n.t('Optimizer options'));
    setText(this.optimizerHint, entry && words ? `${words.summary} (${entry.reference})` : '');
    setAttr(this.optimizerHint, 'lang', words?.english ? 'en' : null);
    this.optimizerHint.title = entry ? inDisplayLanguage(entry.formula) : '';
    // The update rule, and how it differs from its neighbours and other libraries.
    const formula = entry ? inDisplayLanguage(entry.formula) : '';
    setText(this.optimizerFormula, formula);
    setAttr(this.optimizerFormula, 'lang', entry && formula === entry.formula ? 'en' : null);
    const differsFrom = entry?.differsFrom ? inDisplayLanguage(entry.differsFrom) : '';
    setText(this.optimizerDiffers, differsFrom ? l10n.t('Differs from: {0}', differsFrom) : '');
    setAttr(this.optimizerDiffers, 'lang', differsFrom !== '' && differsFrom === entry?.differsFrom ? 'en' : null);
    this.optimizerDiffers.hidden = !entry?.differsFrom;
    this.details.hidden = !entry || this.optimizer.fieldCount === 0;
  }

  private describeSchedule(): void {
    const entry = this.schedule.entry;
    const words = entry ? this.schedule.words(entry) : undefined;
    const text = entry && words ? l10n.t('{0} schedule: {1}', words.title, words.summary) : '';
    setText(this.scheduleHint, `${text}${entry && !entry.options.length ? ` ${l10n.t('No options.')}` : ''}`);
    setAttr(this.scheduleHint, 'lang', words?.english ? 'en' : null);
    this.scheduleHint.title = entry ? `${inDisplayLanguage(entry.formula)}\n${entry.reference}` : '';
  }
}
