/**
 * The code "Insert schedule into editor" puts into the file a run came from: the schedule of
 * that run with the exact values it ran with (its resolved config and base lr), under a comment
 * that names the run, in the file's style. Pure: insertFromRun.ts does the editor part.
 */
import { scheduleCode, type GeneratedCode } from '../../core/codegen';
import type { ScheduleConfig } from '../../core/schedules';
import { escapeSnippet, restyleCode } from './fileStyle';
import type { SourceAnalysis } from './source';

/** What the insertion needs to know about a run (a subset of the panel's RunMeta). */
export interface RunScheduleSource {
  readonly label: string;
  readonly objective: { readonly name: string; readonly label: string };
  readonly startedAt: number;
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

/** The comment line above the inserted code. */
export function runComment(run: RunScheduleSource): string {
  return `// Learning-rate schedule of the LR Lab run "${run.label}" on ${run.objective.name} (${run.objective.label}), ${formatRunDate(run.startedAt)}.`;
}

export interface RunInsertion {
  readonly code: GeneratedCode;
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
  const { eol } = source.style;
  const styled = restyleCode(code.text, code.snippet, source.style);
  const trim = (s: string): string => (s.endsWith(eol) ? s.slice(0, -eol.length) : s);
  const head = (separate ? eol + eol : '') + runComment(run) + eol;
  const text = head + trim(styled.text);
  const body = styled.snippet === null ? escapeSnippet(styled.text) : styled.snippet.replace(/\$0$/, '');
  return { code, text, snippet: `${escapeSnippet(head)}${trim(body)}$0` };
}
