/**
 * Formula cards: everything LR Lab teaches about one optimizer or schedule, built from the
 * engine's registry — title, summary, reference and plain formula of the definition (what
 * `lrlab help` prints), the TSDoc's symbols and "Differs from" (what the snippets carry), the
 * typeset rule (./formulas), the flavours and the worked examples reproduced by the engine.
 */
import type { Card, CardSymbol } from '../../shared/messages/card';
import { definitionDocs } from '../codegen';
import { LrLabError } from '../errors';
import { defaultValue, type OptionSpec } from '../options';
import { FLAVOR_LIBRARIES, optimizerDefinitions, optimizerFlavors, optimizerTypes, type OptimizerType } from '../optimizers';
import { scheduleDefinitions, scheduleTypes, type ScheduleType } from '../schedules';
import { optimizerExamples, reproduceOptimizerExample, reproduceScheduleExample } from './examples';
import { optimizerTex, scheduleTex } from './formulas';
import { paragraphAfter, parseSymbols, symbolTex } from './symbols';

// Defaults that depend on the run are shown as null ("from the run").
const NO_RUN = { baseLr: NaN, totalSteps: NaN };

function pytorchDefault(spec: OptionSpec, index: number | undefined): unknown {
  if (typeof spec.default === 'function') return null;
  const value = defaultValue(spec.default as unknown, NO_RUN);
  return index !== undefined && Array.isArray(value) ? (value[index] ?? null) : value;
}

function optimizerSymbols(type: OptimizerType): CardSymbol[] {
  const options = optimizerDefinitions[type].options as Readonly<Record<string, OptionSpec>>;
  const doc = (definitionDocs as Readonly<Record<string, string>>)[type] ?? '';
  return parseSymbols(paragraphAfter(doc, 'Symbols → options'))
    .filter((s) => options[s.option] !== undefined)
    .map((s) => ({
      tex: symbolTex(s.text),
      text: s.text,
      option: s.option,
      ...(s.index !== undefined ? { index: s.index } : {}),
      default: pytorchDefault(options[s.option]!, s.index),
      doc: options[s.option]!.doc,
    }));
}

function optimizerCard(type: OptimizerType): Card {
  const definition = optimizerDefinitions[type];
  const differsFrom = paragraphAfter((definitionDocs as Readonly<Record<string, string>>)[type] ?? '', 'Differs from').replace(/`/g, '');
  return {
    kind: 'optimizer',
    type,
    title: definition.title,
    summary: definition.summary,
    reference: definition.reference,
    formula: definition.formula,
    tex: [...optimizerTex[type]],
    symbols: optimizerSymbols(type),
    ...(differsFrom !== '' ? { differsFrom } : {}),
    flavors: (optimizerFlavors[type] ?? []).map((f) => ({
      flavor: f.flavor,
      library: FLAVOR_LIBRARIES[f.flavor],
      reference: f.reference,
      formula: f.formula,
      note: f.note,
      defaults: { ...f.defaults },
    })),
    examples: (optimizerExamples[type] ?? []).map((example) => reproduceOptimizerExample(type, example)),
  };
}

function scheduleCard(type: ScheduleType): Card {
  const definition = scheduleDefinitions[type];
  const options = definition.options as Readonly<Record<string, OptionSpec>>;
  const { tex, symbols } = scheduleTex[type];
  return {
    kind: 'schedule',
    type,
    title: definition.title,
    summary: definition.summary,
    reference: definition.reference,
    formula: definition.formula,
    tex: [...tex],
    symbols: symbols.map((s) => ({ tex: s.tex, text: s.option, option: s.option, default: pytorchDefault(options[s.option]!, undefined), doc: options[s.option]!.doc })),
    flavors: [],
    examples: [reproduceScheduleExample(type)],
  };
}

const cache = new Map<string, Card>();

/** The card of an optimizer or schedule type (an unknown name lists the known ones). */
export function cardFor(name: string): Card {
  let card = cache.get(name);
  if (card !== undefined) return card;
  if ((optimizerTypes as readonly string[]).includes(name)) card = optimizerCard(name as OptimizerType);
  else if ((scheduleTypes as readonly string[]).includes(name)) card = scheduleCard(name as ScheduleType);
  else throw LrLabError.worded('usage', { id: 'explainUnknownName', args: [JSON.stringify(name), optimizerTypes.join(', '), scheduleTypes.join(', ')] });
  cache.set(name, card);
  return card;
}

/** Every card: optimizers, then schedules, in the registries' order. */
export function allCards(): Card[] {
  return [...optimizerTypes, ...scheduleTypes].map(cardFor);
}
