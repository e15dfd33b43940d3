/**
 * The run-set file (`*.lrlab.json`): enough to reproduce every run of a set exactly — for each
 * run its objective (the file, relative to the workspace, with the SHA-256 of its content, and
 * the export) and its resolved config (optimizer and schedule with every option, iterations,
 * seed, x0 …). Small: no records. Written by the panel's "Save runs…", read by "Open runs…" and
 * `lrlab run --runs FILE.lrlab.json`.
 *
 *   { "lrlab": "runs", "version": 1,
 *     "runs": [ { "label": "adam lr=0.1 · cosine",
 *                 "objective": { "file": "examples/rosenbrock.ts", "sha256": "…", "name": "rosenbrock" },
 *                 "config": { "optimizer": {…}, "schedule": {…}, "iterations": 500, "seed": 0, … } } ] }
 */
import * as z from 'zod/mini';
import { LrLabError, type SourceLocation } from '../errors';
import { resolveRunConfig, type RunConfig } from '../minimize/config';

export const RUN_SET_VERSION = 1;
export const RUN_SET_EXTENSION = '.lrlab.json';

export interface RunSetObjective {
  /** The objective file, relative to the workspace folder (forward slashes). */
  readonly file: string;
  /** SHA-256 (hex) of the file's content when the runs were saved. */
  readonly sha256: string;
  /** The export. */
  readonly name: string;
}

export interface RunSetEntry {
  readonly label: string;
  readonly objective: RunSetObjective;
  readonly config: RunConfig;
}

export interface RunSet {
  readonly runs: readonly RunSetEntry[];
}

const entrySchema = z.object({
  label: z._default(z.string(), ''),
  objective: z.object({ file: z.string().check(z.minLength(1)), sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, { error: 'must be 64 hex digits' })), name: z.string().check(z.minLength(1)) }),
  config: z.record(z.string(), z.unknown()),
});

const runSetSchema = z.object({
  lrlab: z.literal('runs', { error: 'must be "runs" (is this an LR Lab run set?)' }),
  version: z.literal(RUN_SET_VERSION, { error: `must be ${RUN_SET_VERSION}` }),
  runs: z.array(entrySchema),
});

/** The file's text: stable key order, one run per block. */
export function encodeRunSet(set: RunSet): string {
  return `${JSON.stringify({ lrlab: 'runs', version: RUN_SET_VERSION, runs: set.runs.map((r) => ({ label: r.label, objective: r.objective, config: r.config })) }, null, 2)}\n`;
}

/**
 * Read a run set; every config is resolved again (a resolved config resolves to itself, so a
 * file LR Lab wrote comes back equal). LrLabError('invalidConfig') naming the file and the run
 * when it is not a run set or a config is not valid.
 */
export function parseRunSet(text: string, file: string): RunSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw LrLabError.worded('invalidConfig', { id: 'runSetNotJson', args: [(e as Error).message] }, { file, line: 1 } satisfies SourceLocation);
  }
  const parsed = runSetSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw LrLabError.worded('invalidConfig', { id: 'runSetInvalid', args: [`${where ? `${where.slice(where.startsWith('.') ? 1 : 0)} ` : ''}${issue.message}`] }, { file, line: 1 });
  }
  const runs = parsed.data.runs.map((entry, i) => {
    let config: RunConfig;
    try {
      config = resolveRunConfig(entry.config);
    } catch (e) {
      throw LrLabError.worded('invalidConfig', { id: 'runSetRun', args: [i + 1, entry.label || entry.objective.name, e instanceof LrLabError && e.text ? e.text : e instanceof Error ? e.message : String(e)] }, { file, line: 1 });
    }
    return { label: entry.label, objective: entry.objective, config };
  });
  return { runs };
}
