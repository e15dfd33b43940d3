/**
 * The code "Insert schedule" and "Insert optimizer" put into the file a run came from: the
 * schedule of that run with the exact values it ran with (its resolved config and base lr), or
 * its optimizer (the engine's kernels and the run's resolved options), under a comment that
 * names the run, in the file's style. Pure: insertFromRun.ts does the editor part.
 */
import { optimizerCode, scheduleCode, type GeneratedCode, type OptimizerCode } from '../../core/codegen';
import type { GeneratedDeclarations } from '../../core/codegen/types';
import type { OptimizerConfig } from '../../core/optimizers';
import type { ScheduleConfig } from '../../core/schedules';
import { escapeSnippet, restyleCode } from './fileStyle';
import type { SourceAnalysis } from './source';

/** What an insertion needs to know about a run (a subset of the panel's RunMeta). */
export interface RunSource {
  readonly label: string;
  readonly objective: { readonly name: string; readonly label: string };
  readonly startedAt: number;
}

export interface RunScheduleSource extends RunSource {
  /** The run's resolved schedule config. */
  readonly schedule: ScheduleConfig;
  /** The run's base learning rate. */
  readonly lr: number;
}

/** `2025-06-01 14:03` in local time. */
export function formatRunDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export interface RunOptimizerSource extends RunSource {
  /** The run's resolved optimizer config. */
  readonly optimizer: OptimizerConfig;
}

/** The comment line above the inserted code: what it is ("Learning-rate schedule", "Optimizer") and of which run. */
export function runComment(run: RunSource, what = 'Learning-rate schedule'): string {
  return `// ${what} of the LR Lab run "${run.label}" on ${run.objective.name} (${run.objective.label}), ${formatRunDate(run.startedAt)}.`;
}

export interface RunInsertion<Code extends GeneratedDeclarations = GeneratedCode> {
  readonly code: Code;
  /** The text inserted (comment, then the declarations) in the file's style, no line break at the end. */
  readonly text: string;
  /** The same as a snippet: the schedule's values are tab stops with the run's values as defaults. */
  readonly snippet: string;
}

/**
 * The run's schedule as code for `source`: names avoid the file's, kernels the file already has
 * are reused, the file's EOL / indentation / quotes are followed. `separate`: start with a blank
 * line (the code goes after a line that has text).
 */
export function runScheduleInsertion(source: SourceAnalysis, run: RunScheduleSource, separate: boolean): RunInsertion {
  const code = scheduleCode(run.schedule, run.lr, { reservedNames: source.reservedNames, existingDeclarations: source.topLevelFunctions, exported: false });
  return styledInsertion(source, code, runComment(run), separate);
}

/**
 * The run's optimizer as code for `source`: the kernels the engine ran and an options object
 * with the run's resolved values (tab stops), names avoiding the file's, in the file's style.
 */
export function runOptimizerInsertion(source: SourceAnalysis, run: RunOptimizerSource, separate: boolean): RunInsertion<OptimizerCode> {
  const { type, ...values } = run.optimizer;
  const code = optimizerCode(type, { values, reservedNames: source.reservedNames, existingDeclarations: source.topLevelFunctions, exported: false });
  return styledInsertion(source, code, runComment(run, 'Optimizer'), separate);
}

/** `code` under `comment` in the file's style, as text and as a snippet. */
function styledInsertion<Code extends GeneratedDeclarations>(source: SourceAnalysis, code: Code, comment: string, separate: boolean): RunInsertion<Code> {
  const { eol } = source.style;
  const styled = restyleCode(code.text, code.snippet, source.style);
  const trim = (s: string): string => (s.endsWith(eol) ? s.slice(0, -eol.length) : s);
  const head = (separate ? eol + eol : '') + comment + eol;
  const text = head + trim(styled.text);
  const body = styled.snippet === null ? escapeSnippet(styled.text) : styled.snippet.replace(/\$0$/, '');
  return { code, text, snippet: `${escapeSnippet(head)}${trim(body)}$0` };
}
