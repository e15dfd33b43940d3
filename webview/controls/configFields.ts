/**
 * One config of the controls (the optimizer's, or the schedule's): a select of the catalog's
 * types and one field per option of the chosen type. The text of every field is kept per type
 * in `FieldTexts` (shared by both configs, persisted in the draft), so switching type and back
 * restores what was typed; only fields the user filled in are read.
 */
import * as l10n from '@vscode/l10n';
import { catalogText, type CatalogText } from '../../src/shared/catalogText';
import type { CatalogEntry, RawTypedConfig } from '../../src/shared/protocol';
// From its module, not the protocol's barrel: the page's bundle keeps out the panel→host schemas.
import { OPTIMIZER_FAMILIES } from '../../src/shared/messages/shapes';
import { h, replaceChildren } from '../dom';
import { createOptionField, optionText, type OptionField } from './optionFields';

/** Key prefix of a config's field texts: `opt:<type>:<name>`, `sch:<type>:<name>` (the draft's format). */
export type Scope = 'opt' | 'sch';

/** A field that does not read: its message, and the input to mark and focus. */
export interface FieldProblem {
  error: string;
  input: HTMLElement;
}

/** Field texts of every type the user visited, keyed `scope:type:name`. */
export class FieldTexts {
  private texts = new Map<string, string>();

  get(key: string): string {
    return this.texts.get(key) ?? '';
  }

  /** Remember `text` (an empty field is forgotten: it means the default). */
  set(key: string, text: string): void {
    if (text === '') this.texts.delete(key);
    else this.texts.set(key, text);
  }

  replace(record: Record<string, string>): void {
    this.texts = new Map(Object.entries(record));
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.texts);
  }
}

/** The optimizer picker's group labels. */
export const FAMILY_LABELS: Readonly<Record<(typeof OPTIMIZER_FAMILIES)[number], string>> = {
  classic: l10n.t('Classic'),
  adaptive: l10n.t('Adaptive'),
  'sign-based': l10n.t('Sign-based'),
  'second-order': l10n.t('Second-order'),
  'lr-free': l10n.t('Learning-rate free'),
};

/** The select's label and its options group's, in the page's language. */
const WHAT_LABELS = {
  Optimizer: () => ({ select: l10n.t('Optimizer'), options: l10n.t('Optimizer options') }),
  Schedule: () => ({ select: l10n.t('Schedule'), options: l10n.t('Schedule options') }),
} as const;

export class ConfigFields {
  readonly select: HTMLSelectElement;
  /** The option fields' grid. */
  readonly grid: HTMLElement;
  private entries: CatalogEntry[] = [];
  private fields: OptionField[] = [];
  /** The type whose option fields are on screen. */
  private fieldsType: string | undefined;

  constructor(
    private readonly scope: Scope,
    /** "Optimizer" / "Schedule": the select's id (lowercase) and, translated, its label. */
    private readonly what: keyof typeof WHAT_LABELS,
    private readonly texts: FieldTexts,
    /** Options that have a field of their own elsewhere (the optimizer's lr). */
    private readonly skip: ReadonlySet<string>,
    private readonly edited: () => void,
    /** The option fields were rebuilt (a type was selected). */
    private readonly built: () => void,
  ) {
    const labels = WHAT_LABELS[what]();
    this.select = h('select', { id: what.toLowerCase(), 'aria-label': labels.select });
    this.grid = h('div', { class: 'option-grid', role: 'group', 'aria-label': labels.options });
    this.select.addEventListener('change', () => {
      this.saveTexts();
      this.build();
      this.edited();
    });
  }

  /**
   * The catalog's types for the select (the selected one stays if it still exists). Entries
   * with a family (optimizers) are grouped, in the families' order: classic, adaptive,
   * sign-based, second-order, lr-free.
   */
  setEntries(entries: CatalogEntry[]): void {
    this.entries = entries;
    const current = this.select.value;
    const option = (e: CatalogEntry): HTMLOptionElement => {
      const words = this.words(e);
      return h('option', { value: e.type, title: `${words.title}: ${words.summary}` }, e.type);
    };
    if (entries.some((e) => e.family !== undefined)) {
      const groups = OPTIMIZER_FAMILIES.map((family) => [family, entries.filter((e) => e.family === family)] as const).filter(([, members]) => members.length > 0);
      const loose = entries.filter((e) => e.family === undefined);
      replaceChildren(this.select, ...groups.map(([family, members]) => h('optgroup', { label: FAMILY_LABELS[family], 'data-family': family }, ...members.map(option))), ...loose.map(option));
    } else {
      replaceChildren(this.select, ...entries.map(option));
    }
    if (entries.some((e) => e.type === current)) this.select.value = current;
  }

  /** The catalog entry of the selected type. */
  get entry(): CatalogEntry | undefined {
    return this.entries.find((e) => e.type === this.select.value);
  }

  /** An entry's title and summary in the page's language. */
  words(entry: CatalogEntry): CatalogText {
    return catalogText(this.what === 'Optimizer' ? 'optimizer' : 'schedule', entry);
  }

  get fieldCount(): number {
    return this.fields.length;
  }

  selectType(type: string): void {
    if ([...this.select.options].some((o) => o.value === type)) this.select.value = type;
    else console.warn(`LR Lab: unknown ${this.what.toLowerCase()} "${type}" in the controls; keeping "${this.select.value}"`);
  }

  /** Take the texts of `config`'s options (the selected type's). */
  setConfig(config: RawTypedConfig): void {
    const entry = this.entry;
    if (!entry) return;
    for (const option of entry.options) {
      if (!this.skip.has(option.name)) this.texts.set(this.key(entry.type, option.name), optionText(option, config[option.name]));
    }
    const known = new Set(['type', ...this.skip, ...entry.options.map((o) => o.name)]);
    const unknown = Object.keys(config).filter((k) => !known.has(k));
    if (unknown.length) console.warn(`LR Lab: ignoring unknown ${entry.type} option(s) ${unknown.join(', ')}`);
  }

  /** Remember the texts of the fields on screen (before they are replaced). */
  saveTexts(): void {
    const type = this.fieldsType;
    if (!type) return;
    for (const field of this.fields) this.texts.set(this.key(type, field.option.name), field.getText());
  }

  /** Replace the option fields with the selected type's, filled with their remembered texts. */
  build(): void {
    const entry = this.entry;
    this.fieldsType = entry?.type;
    this.select.title = entry ? this.words(entry).summary : '';
    const options = entry?.options.filter((o) => !this.skip.has(o.name)) ?? [];
    this.fields = options.map((option) => createOptionField(option, () => this.edited()));
    for (const field of this.fields) field.setText(this.texts.get(this.key(entry?.type ?? '', field.option.name)));
    replaceChildren(this.grid, ...this.fields.map((f) => f.element));
    this.built();
  }

  /** Put the filled-in fields' values into `config`; the first field that does not read, if any. */
  read(config: RawTypedConfig): FieldProblem | null {
    for (const field of this.fields) {
      const r = field.read();
      if (!r.ok) return { error: r.error, input: field.input };
      if (r.value !== undefined) config[field.option.name] = r.value;
    }
    return null;
  }

  private key(type: string, name: string): string {
    return `${this.scope}:${type}:${name}`;
  }
}
