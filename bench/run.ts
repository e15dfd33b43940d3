/**
 * LR Lab's benchmark suite (`npm run bench`): runs every suite in a fresh process, writes
 * bench/results.json and regenerates the results part of BENCHMARKS.md.
 *
 *   npm run bench                      full run (a few minutes): bench/results.json, BENCHMARKS.md
 *   npm run bench -- --quick           seconds: small sizes, few runs, correctness checks only;
 *                                      writes to a temporary folder (the committed results stay)
 *   npm run bench -- --only a,b        these suites only (full: merged into the existing results)
 *   npm run bench -- --out DIR         write results.json and BENCHMARKS.md into DIR instead
 *
 * Exits non-zero when a suite crashes or one of its correctness checks fails; never on a time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine, loadAverage } from './lib/machine';
import { renderResults, spliceResults, type Results } from './lib/report';
import type { SuiteResult } from './lib/result';
import { PYTHON } from './lib/torch';
import { SUITES } from './suites';

const ROOT = resolve(__dirname, '..');

function torchVersion(): string | null {
  try {
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    return execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** One suite in its own node process; its result, or a crash report as a result. */
function runSuite(id: string, quick: boolean, scratch: string): Promise<SuiteResult & { crashed?: string }> {
  const out = join(scratch, `${id}.json`);
  const args = ['--import', 'tsx', join(__dirname, 'child.ts'), id, out, ...(quick ? ['--quick'] : [])];
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (code === 0 && existsSync(out)) {
        const result = JSON.parse(readFileSync(out, 'utf8')) as SuiteResult;
        console.log(`[bench] ${id}: done in ${seconds} s`);
        done(result);
        return;
      }
      const reason = `the suite's process exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' ')}`;
      console.log(`[bench] ${id}: FAILED in ${seconds} s`);
      done({ id, title: id, figures: [], notes: [], checks: [{ what: `${id} ran to the end`, ok: false, detail: reason }], crashed: reason });
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' } } });
  const quick = values.quick!;
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !SUITES.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`bench: unknown suite(s) ${unknown.join(', ')} (suites: ${SUITES.map((s) => s.id).join(', ')})`);
    return 2;
  }
  const outDir = values.out ? resolve(values.out) : quick ? mkdtempSync(join(tmpdir(), 'lrlab-bench-quick-')) : join(ROOT, 'bench');
  mkdirSync(outDir, { recursive: true });
  const resultsFile = join(outDir, 'results.json');
  const markdownFile = values.out || quick ? join(outDir, 'BENCHMARKS.md') : join(ROOT, 'BENCHMARKS.md');

  const started = performance.now();
  const machine = describeMachine(torchVersion());
  console.log(`[bench] ${quick ? 'quick' : 'full'} run on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load average ${machine.loadAverage.start}`);
  const scratch = mkdtempSync(join(tmpdir(), 'lrlab-bench-'));
  const suites: SuiteResult[] = [];
  try {
    for (const suite of SUITES) {
      if (only && !only.includes(suite.id)) continue;
      console.log(`[bench] ${suite.id} …`);
      suites.push(await runSuite(suite.id, quick, scratch));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  // --only in a full run: the other suites keep their last results.
  let all = suites;
  if (only && !quick && existsSync(resultsFile)) {
    const previous = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
    all = SUITES.map((s) => suites.find((r) => r.id === s.id) ?? previous.suites.find((r) => r.id === s.id)).filter((r): r is SuiteResult => r !== undefined);
  }
  const results: Results = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    mode: quick ? 'quick' : 'full',
    machine: { ...machine, loadAverage: { start: machine.loadAverage.start, end: loadAverage() } },
    durationSeconds: (performance.now() - started) / 1000,
    suites: all,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const template = existsSync(join(ROOT, 'BENCHMARKS.md')) ? readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8') : '# Benchmarks\n';
  writeFileSync(markdownFile, spliceResults(template, renderResults(results)));
  console.log(`[bench] wrote ${resultsFile} and ${markdownFile}`);

  const checks = suites.flatMap((s) => s.checks);
  const failed = checks.filter((c) => !c.ok);
  for (const c of failed) console.log(`[bench] check failed: ${c.what}${c.detail ? ` — ${c.detail}` : ''}`);
  // Counted like mocha's summary by scripts/test-all.mjs.
  console.log(`\n  ${checks.length - failed.length} passing`);
  if (failed.length > 0) console.log(`  ${failed.length} failing`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
