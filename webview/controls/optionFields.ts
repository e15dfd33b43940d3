/**
 * One form field per catalog option. Every field can be empty, which means "the default":
 * the placeholder shows the default (or "auto" when the run derives it; the tooltip says how),
 * and an empty field is left out of the config the Run button sends.
 *
 * Kinds: number → text input (so "1e-3" and an empty field both work), validated against
 * min / max / integer; boolean and enum → a select whose first entry is the default;
 * numberList and pair → comma-separated numbers; schedule / scheduleList → JSON. A nullable
 * option (PyTorch's None) also takes `null` where a number goes, e.g. Adafactor's eps `null, 1e-3`.
 */
import * as l10n from '@vscode/l10n';
import type { CatalogOption } from '../../src/shared/protocol';
import { h } from '../dom';
import { formatDefault } from '../../src/shared/format';
import { inDisplayLanguage } from '../../src/shared/cardText';

export type ReadResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface OptionField {
  readonly option: CatalogOption;
  /** The labelled wrapper to put in the form. */
  readonly element: HTMLElement;
  readonly input: HTMLInputElement | HTMLSelectElement;
  getText(): string;
  setText(text: string): void;
  /** `value` is undefined when the field is empty (= default). */
  read(): ReadResult;
}

let nextId = 0;

/** `value` as the text a field of this kind shows. */
export function optionText(option: CatalogOption, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (option.kind) {
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : '';
    case 'enum':
      return typeof value === 'string' ? value : '';
    case 'numberList':
    case 'pair':
      return Array.isArray(value) ? value.map((v) => (v === null ? 'null' : String(v))).join(', ') : '';
    case 'schedule':
    case 'scheduleList':
      return JSON.stringify(value);
  }
}

function describeRange(option: CatalogOption): string {
  const parts: string[] = [];
  if (option.integer) parts.push(l10n.t('a whole number'));
  else parts.push(l10n.t('a number'));
  if (option.min !== undefined && option.max !== undefined) parts.push(l10n.t('from {0} to {1}', option.min, option.max));
  else if (option.min !== undefined) parts.push(`≥ ${option.min}`);
  else if (option.max !== undefined) parts.push(`≤ ${option.max}`);
  return parts.join(' ');
}

/** Parse one number of an option; returns an error text or the number. */
export function parseOptionNumber(option: CatalogOption, text: string, label = option.name): number | string {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  const expected = describeRange(option);
  if (!Number.isFinite(value)) return l10n.t('{0}: expected {1}, got "{2}"', label, expected, text.trim());
  const outside = (option.integer && !Number.isInteger(value)) || (option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max);
  if (outside) return l10n.t('{0}: expected {1}, got {2}', label, expected, value);
  return value;
}

/** `null` typed into a nullable option's field (PyTorch's None). */
function isNull(option: CatalogOption, text: string): boolean {
  return option.nullable === true && text.trim() === 'null';
}

/** JSON a schedule option accepts (code: the same in every language). */
const SCHEDULE_EXAMPLE = '{"type": "cosine"}';
const SCHEDULE_LIST_EXAMPLE = '[{"type": "linear"}, {"type": "cosine"}]';

function parseNumberList(option: CatalogOption, text: string, length?: number): ReadResult {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (length !== undefined && parts.length !== length) return { ok: false, error: l10n.t('{0}: expected {1} comma-separated numbers, got "{2}"', option.name, length, text.trim()) };
  const values: (number | null)[] = [];
  for (const part of parts) {
    if (isNull(option, part)) {
      values.push(null);
      continue;
    }
    const v = parseOptionNumber(option, part);
    if (typeof v === 'string') return { ok: false, error: v };
    values.push(v);
  }
  return { ok: true, value: values };
}

function parseJson(option: CatalogOption, text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: l10n.t('{0}: expected JSON, e.g. {1}', option.name, option.kind === 'schedule' ? SCHEDULE_EXAMPLE : SCHEDULE_LIST_EXAMPLE) };
  }
  const isSchedule = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { type?: unknown }).type === 'string';
  if (option.kind === 'schedule' && !isSchedule(value)) return { ok: false, error: l10n.t('{0}: expected a schedule object with a "type", e.g. {1}', option.name, SCHEDULE_EXAMPLE) };
  if (option.kind === 'scheduleList' && !(Array.isArray(value) && value.length > 0 && value.every(isSchedule))) {
    return { ok: false, error: l10n.t('{0}: expected a list of schedule objects, e.g. {1}', option.name, SCHEDULE_LIST_EXAMPLE) };
  }
  return { ok: true, value };
}

/** The default as a field shows it: a nullable option's null default is PyTorch's None, "null" (its doc says what it means), not a value the run derives. */
function defaultText(option: CatalogOption): string {
  return option.nullable && option.default === null ? 'null' : formatDefault(option.default);
}

function selectField(option: CatalogOption, id: string, values: string[]): HTMLSelectElement {
  const select = h('select', { id, name: option.name, title: inDisplayLanguage(option.doc) });
  select.appendChild(h('option', { value: '' }, l10n.t('default ({0})', defaultText(option))));
  for (const v of values) select.appendChild(h('option', { value: v }, v));
  return select;
}

/** A field for `option`; `onInput` fires on every edit. */
export function createOptionField(option: CatalogOption, onInput: () => void): OptionField {
  const id = `opt-${nextId++}`;
  let input: HTMLInputElement | HTMLSelectElement;
  if (option.kind === 'boolean') input = selectField(option, id, ['true', 'false']);
  else if (option.kind === 'enum') input = selectField(option, id, option.values ?? []);
  else {
    const json = option.kind === 'schedule' || option.kind === 'scheduleList';
    input = h('input', {
      id,
      name: option.name,
      type: 'text',
      class: json ? 'json' : null,
      inputmode: option.kind === 'number' ? 'decimal' : null,
      spellcheck: 'false',
      autocomplete: 'off',
      placeholder: defaultText(option),
      title: inDisplayLanguage(option.doc),
    });
  }
  input.addEventListener('input', onInput);
  input.addEventListener('change', onInput);
  const element = h('div', { class: `field option-field kind-${option.kind}` }, h('label', { for: id, title: inDisplayLanguage(option.doc) }, option.name), input);

  const read = (): ReadResult => {
    const text = input.value;
    if (text.trim() === '') return { ok: true, value: undefined };
    switch (option.kind) {
      case 'number': {
        if (isNull(option, text)) return { ok: true, value: null };
        const v = parseOptionNumber(option, text);
        return typeof v === 'string' ? { ok: false, error: v } : { ok: true, value: v };
      }
      case 'boolean':
        return { ok: true, value: text === 'true' };
      case 'enum':
        return option.values && !option.values.includes(text) ? { ok: false, error: l10n.t('{0}: expected one of {1}', option.name, option.values.join(', ')) } : { ok: true, value: text };
      case 'numberList':
        return parseNumberList(option, text);
      case 'pair':
        return parseNumberList(option, text, 2);
      case 'schedule':
      case 'scheduleList':
        return parseJson(option, text);
    }
  };

  return {
    option,
    element,
    input,
    getText: () => input.value,
    setText: (text: string) => {
      if (input instanceof HTMLSelectElement && text !== '' && ![...input.options].some((o) => o.value === text)) text = '';
      input.value = text;
    },
    read,
  };
}
