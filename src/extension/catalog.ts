/**
 * The optimizer and schedule catalog the panel's controls are generated from, built from
 * the engine's registries (so the forms can never list an option the engine lacks).
 * Defaults that depend on the run (e.g. cosine's tMax = iterations) are sent as null; their
 * `doc` says how they are derived. Optimizers also carry their family (the picker's groups)
 * and the "Differs from" paragraph of their TSDoc (from the generated kernel table), and a
 * `flavor` choice where other libraries compute them differently. Every entry carries its
 * formula card (src/core/explain).
 */
import { definitionDocs } from '../core/codegen';
import { cardFor } from '../core/explain/card';
import { paragraphAfter } from '../core/explain/symbols';
import type { OptionSpec } from '../core/options';
import { FLAVOR_LIBRARIES, flavorsOf, optimizerDefinitions, optimizerFamilies, type Flavor, type OptimizerType } from '../core/optimizers';
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
 * line of text without the label and its backticks; undefined when there is none.
 */
export function docParagraph(doc: string | undefined, label: string): string | undefined {
  const paragraph = doc === undefined ? '' : paragraphAfter(doc, label).replace(/`/g, '');
  return paragraph === '' ? undefined : paragraph;
}

/**
 * `flavor`, for optimizers that other libraries compute differently: a choice in the form like
 * any enum option (the card says what each one changes).
 */
function flavorOption(type: string): CatalogOption[] {
  const flavors = flavorsOf(type);
  if (flavors.length < 2) return [];
  const libraries = flavors.map((f) => `${f} = ${FLAVOR_LIBRARIES[f as Flavor]}`).join(', ');
  return [{ name: 'flavor', kind: 'enum', doc: `Compute it as another library does: its update rule and its defaults (${libraries}; default: pytorch)`, default: 'pytorch', values: flavors.slice(1) }];
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
      const entry = describe(d as Describable);
      return {
        ...entry,
        options: [...entry.options, ...flavorOption(d.type)],
        family: optimizerFamilies[d.type as OptimizerType],
        ...(differsFrom !== undefined ? { differsFrom } : {}),
        card: cardFor(d.type),
      };
    }),
    schedules: Object.values(scheduleDefinitions).map((d) => ({ ...describe(d as Describable), card: cardFor(d.type) })),
  };
  return cached;
}
