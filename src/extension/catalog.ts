/**
 * The optimizer and schedule catalog the panel's controls are generated from, built from
 * the engine's registries (so the forms can never list an option the engine lacks).
 * Defaults that depend on the run (e.g. cosine's tMax = iterations) are sent as null; their
 * `doc` says how they are derived. Optimizers also carry their family (the picker's groups)
 * and the "Differs from" paragraph of their TSDoc (from the generated kernel table).
 */
import { definitionDocs } from '../core/codegen';
import type { OptionSpec } from '../core/options';
import { optimizerDefinitions, optimizerFamilies, type OptimizerType } from '../core/optimizers';
import { scheduleDefinitions } from '../core/schedules';
import type { Catalog, CatalogEntry, CatalogOption } from '../shared/protocol';

interface Describable {
  readonly type: string;
  readonly title: string;
  readonly summary: string;
  readonly formula: string;
  readonly reference: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

function describeOption(name: string, spec: OptionSpec): CatalogOption {
  const option: CatalogOption = {
    name,
    kind: spec.kind,
    doc: spec.doc,
    default: typeof spec.default === 'function' ? null : spec.default,
  };
  if ('min' in spec && spec.min !== undefined) option.min = spec.min;
  if ('max' in spec && spec.max !== undefined) option.max = spec.max;
  if ('integer' in spec && spec.integer) option.integer = true;
  if (spec.kind === 'enum') option.values = [...spec.values];
  if ('nullable' in spec && spec.nullable) option.nullable = true;
  return option;
}

/**
 * The paragraph of a definition's TSDoc that starts with `label:` (e.g. "Differs from"), as one
 * line of text without the label; undefined when there is none.
 */
export function docParagraph(doc: string | undefined, label: string): string | undefined {
  if (doc === undefined) return undefined;
  const lines = doc.split('\n').map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').trimEnd());
  const start = lines.findIndex((line) => line.startsWith(`${label}:`));
  if (start < 0) return undefined;
  const paragraph: string[] = [];
  for (let i = start; i < lines.length && lines[i] !== ''; i++) paragraph.push(lines[i]!.trim());
  return paragraph.join(' ').slice(label.length + 1).trim().replace(/`/g, '');
}

function describe(def: Describable): CatalogEntry {
  return {
    type: def.type,
    title: def.title,
    summary: def.summary,
    formula: def.formula,
    reference: def.reference,
    options: Object.entries(def.options).map(([name, spec]) => describeOption(name, spec)),
  };
}

let cached: Catalog | undefined;

export function buildCatalog(): Catalog {
  cached ??= {
    optimizers: Object.values(optimizerDefinitions).map((d) => {
      const differsFrom = docParagraph((definitionDocs as Readonly<Record<string, string>>)[d.type], 'Differs from');
      return { ...describe(d as Describable), family: optimizerFamilies[d.type as OptimizerType], ...(differsFrom !== undefined ? { differsFrom } : {}) };
    }),
    schedules: Object.values(scheduleDefinitions).map((d) => describe(d as Describable)),
  };
  return cached;
}
