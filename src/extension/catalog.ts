/**
 * The optimizer and schedule catalog the panel's controls are generated from, built from
 * the engine's registries (so the forms can never list an option the engine lacks).
 * Defaults that depend on the run (e.g. cosine's tMax = iterations) are sent as null; their
 * `doc` says how they are derived.
 */
import type { OptionSpec } from '../core/options';
import { optimizerDefinitions } from '../core/optimizers';
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
  return option;
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
    optimizers: Object.values(optimizerDefinitions).map((d) => describe(d as Describable)),
    schedules: Object.values(scheduleDefinitions).map((d) => describe(d as Describable)),
  };
  return cached;
}
