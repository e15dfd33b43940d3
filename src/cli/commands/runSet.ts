/**
 * `lrlab run --runs FILE.lrlab.json`: run every run of a saved run set again, one after
 * another, each with its saved config and seed on its objective file (found relative to the
 * workspace the set was saved from). A file whose content changed since is run anyway, with a
 * warning: its results may differ.
 */
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startRun, type LoaderOutcome, type RunHeader } from '../../core/loader';
import type { RecordBatch } from '../../core/minimize/records';
import { locateObjectiveFile, parseRunSet, sameContent } from '../../core/runSet';
import { formatDuration, formatNumber } from '../../shared/format';
import { choiceFlag, usageError } from '../args';
import { EXIT, exitCodeForOutcome } from '../exitCodes';
import { untilDone } from '../interrupt';
import type { CliIO } from '../io';
import { displayPath, formatError } from '../output/paths';
import { runReportDocument } from '../output/runJson';
import { renderTable } from '../output/table';
import { checkOutPath, writeOut } from '../output/outFile';
import type { RunLimits } from '../../core/minimize/config';
import { localizedDetail } from '../../shared/engineText';

/** Flags that would change what the saved runs compute: refused with --runs. */
const CONFIG_FLAGS = ['objective', 'config', 'optimizer', 'lr', 'schedule', 'iterations', 'x0', 'seed', 'batch-size', 'gradient', 'set', 'strict', 'no-typecheck'] as const;

interface Flags {
  readonly runs?: string | undefined;
  readonly format?: string | undefined;
  readonly out?: string | undefined;
  readonly 'time-limit'?: string | undefined;
  readonly 'memory-limit'?: string | undefined;
  readonly 'eval-time-limit'?: string | undefined;
  readonly [flag: string]: unknown;
}

interface Done {
  readonly label: string;
  readonly file: string;
  readonly name: string;
  readonly header: RunHeader | null;
  readonly batches: RecordBatch[];
  readonly outcome: LoaderOutcome;
}

/** `limits`: the --time-limit / --memory-limit of the command line (lrlab run reads them). */
export async function runSetCommand(values: Flags, positionals: readonly string[], io: CliIO, limits: Partial<RunLimits>): Promise<number> {
  const given = CONFIG_FLAGS.filter((flag) => values[flag] !== undefined);
  if (positionals.length > 0 || given.length > 0) {
    const only = '--format, --out, --time-limit, --eval-time-limit, --memory-limit';
    throw usageError(
      given.length
        ? l10n.t('--runs runs the saved configs as they are: it takes no FILE or {0} (only {1})', given.map((f) => `--${f}`).join(', '), only)
        : l10n.t('--runs runs the saved configs as they are: it takes no FILE or config flags (only {0})', only),
    );
  }
  const format = choiceFlag('format', values.format ?? 'table', ['table', 'json', 'csv'] as const);
  const setFile = path.resolve(io.cwd, values.runs!);
  let text: string;
  try {
    text = readFileSync(setFile, 'utf8');
  } catch (e) {
    throw usageError((e as NodeJS.ErrnoException).code === 'ENOENT' ? l10n.t('cannot read {0}: no such file', values.runs!) : l10n.t('cannot read {0}: {1}', values.runs!, (e as Error).message));
  }
  const set = parseRunSet(text, setFile);
  const out = values.out !== undefined ? checkOutPath(values.out, io.cwd) : undefined;
  if (set.runs.length === 0) throw usageError(l10n.t('{0} holds no runs', values.runs!));
  // Every objective file first: a missing one is found out before anything runs.
  const files = set.runs.map((run) => {
    const file = locateObjectiveFile(setFile, run.objective.file, [io.cwd]);
    if (file === null) throw usageError(l10n.t('cannot find {0} of "{1}" (looked beside {2}, in the directories above it and in {3})', run.objective.file, run.label || run.objective.name, values.runs!, io.cwd));
    return file;
  });
  const warned = new Set<string>();
  set.runs.forEach((run, i) => {
    const file = files[i]!;
    if (!warned.has(file) && !sameContent(run.objective.sha256, file)) {
      warned.add(file);
      io.err(`lrlab: ${l10n.t('warning: {0}', l10n.t('{0} changed since the runs were saved (its SHA-256 differs): the results may differ', displayPath(file, io.cwd)))}\n`);
    }
  });

  const done: Done[] = [];
  let interrupted = false;
  for (const [i, run] of set.runs.entries()) {
    const batches: RecordBatch[] = [];
    let header: RunHeader | null = null;
    const handle = startRun({ file: files[i]!, objective: run.objective.name, config: run.config, limits }, { onHeader: (h) => (header = h), onBatch: (b) => batches.push(b) });
    const ended = await untilDone(handle);
    done.push({ label: run.label, file: files[i]!, name: run.objective.name, header, batches, outcome: ended.value });
    interrupted = ended.interrupted;
    if (interrupted) break;
  }

  const output = format === 'json' ? runSetJson(setFile, set.runs, done, io.cwd) : format === 'csv' ? runSetCsv(done, io.cwd) : runSetTable(setFile, done, io.cwd);
  const written = out === undefined ? (io.out(output), true) : writeOut(io, values.out!, out, output, format, done.length === 1 ? l10n.t('1 run') : l10n.t('{0} runs', done.length));
  for (const d of done) if (d.outcome.stopReason === 'error' && d.outcome.error) io.err(`lrlab: ${formatError(d.outcome.error, io.cwd, localizedDetail(d.outcome.detail, d.outcome.detailText, d.outcome.error))}\n`);
  if (interrupted) return EXIT.cancelled;
  // The first run that did not finish says how the command ends.
  const code = done.map((d) => exitCodeForOutcome(d.outcome)).find((c) => c !== EXIT.ok) ?? EXIT.ok;
  return code === EXIT.ok && !written ? EXIT.error : code;
}

function runSetJson(setFile: string, runs: ReturnType<typeof parseRunSet>['runs'], done: readonly Done[], cwd: string): string {
  const documents = done.map((d, i) => ({ label: d.label, ...runReportDocument({ file: d.file, requested: d.name, config: runs[i]!.config, header: d.header, batches: d.batches, outcome: d.outcome, cwd }) }));
  return `${JSON.stringify({ runSet: setFile, runs: documents }, null, 2)}\n`;
}

function runSetCsv(done: readonly Done[], cwd: string): string {
  const field = (v: unknown): string => {
    const t = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const rows = done.map((d, i) => [i + 1, d.label, displayPath(d.file, cwd), d.name, d.outcome.stopReason, d.outcome.steps, d.outcome.finalLoss, d.outcome.bestLoss, d.outcome.wallTimeMs].map(field).join(','));
  return `run,label,file,objective,stopReason,steps,finalLoss,bestLoss,wallTimeMs\n${rows.map((r) => `${r}\n`).join('')}`;
}

function runSetTable(setFile: string, done: readonly Done[], cwd: string): string {
  const rows = done.map((d, i) => [String(i + 1), d.label, `${displayPath(d.file, cwd)} › ${d.name}`, d.outcome.stopReason, String(d.outcome.steps), formatNumber(d.outcome.finalLoss), formatNumber(d.outcome.bestLoss), formatDuration(d.outcome.wallTimeMs)]);
  const head = ['#', l10n.t('run'), l10n.t('objective'), l10n.t('stopped'), l10n.t('steps'), l10n.t('final loss'), l10n.t('best loss'), l10n.t('time')];
  return `${l10n.t('runs of {0}', displayPath(setFile, cwd))}\n\n${renderTable(head, rows, new Set([1, 2, 3]))}\n`;
}
