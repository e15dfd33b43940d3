/** The words of a generated schedule's TSDoc, from the engine's definitions (title, reference, formula, option docs). */
import type { ScheduleConfig } from '../schedules/types';
import { definitionOf, isNested, nestedConfigs, ROOT, specsOf } from './scheduleTree';
import type { ScheduleInput } from './types';

/** Title of the whole schedule, e.g. `Linear warmup, then Cosine annealing`. */
export function titleOf(config: ScheduleConfig): string {
  const definition = definitionOf(config, ROOT);
  if (definition.type === 'warmup') return `${definition.title}, then ${titleOf(config.schedule as ScheduleConfig)}`;
  if (definition.type === 'sequential') return `${definition.title}: ${(config.schedules as ScheduleConfig[]).map(titleOf).join(', then ')}`;
  return definition.title;
}

/** Doc lines for a schedule and its nested schedules: title and reference, summary, formula, options. */
export function describe(config: ScheduleConfig, label = '', indent = ''): string[] {
  const definition = definitionOf(config, ROOT);
  const lines = [`${indent}${label}${definition.title} (${definition.reference}): ${definition.summary}`, `${indent}  ${definition.formula}`];
  for (const [name, spec] of specsOf(definition)) {
    if (!isNested(spec)) lines.push(`${indent}  - ${name}: ${spec.doc}`);
  }
  for (const child of nestedConfigs(config, definition, '')) lines.push(...describe(child.config, `${child.path.slice(1)}: `, `${indent}  `));
  return lines;
}

/** `Title: formula` of a schedule and of each schedule nested in it. */
export function formulas(config: ScheduleConfig): string[] {
  const definition = definitionOf(config, ROOT);
  return [`${definition.title}: ${definition.formula}`, ...nestedConfigs(config, definition, '').flatMap((child) => formulas(child.config))];
}

/** What each input of a generated schedule is. */
export const PARAM_DOCS: Readonly<Record<ScheduleInput | 'metric', string>> = {
  step: "The 0-based optimizer step (t above): the result is the lr of step `step + 1`, PyTorch's `last_epoch` convention.",
  loss: 'The loss f(x) at the parameters this step starts from.',
  gradNorm: 'The gradient norm ‖∇f(x)‖ at the parameters this step starts from (before any clipping).',
  metric: 'The metric measured after the step (its loss), as in PyTorch’s `scheduler.step(loss)`.',
};
