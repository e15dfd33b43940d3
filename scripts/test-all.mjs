#!/usr/bin/env node
// Runs every test stage in order and prints one summary table at the end:
//   build, harness (install/check chromium, Node 24 and code-server), typecheck, unit (mocha),
//   webview (`npm run test:webview`, in chromium), bench (`npm run bench -- --quick`), package
//   (`npm run test:package`: every target's .vsix, then their contents and size budget), integration (mocha in code-server's extension host), e2e (UI scenarios in code-server +
//   chromium).
// Each stage runs in its own process group with its output streamed as it comes; the exit code
// is non-zero when any stage failed. Ctrl+C (or SIGTERM) stops the running stage, which stops the
// code-server and chromium it started, and then exits.
//
// Usage: node scripts/test-all.mjs [--only build,unit] [--skip e2e] [--list]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countTests, failureReason } from './testReport.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts ?? {};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The stages, in order. `needs`: stages whose failure makes this one pointless (it is skipped).
 * `limit`: seconds before the stage is stopped as hung.
 */
const STAGES = [
  { name: 'build', cmd: process.execPath, args: ['scripts/build.mjs'], limit: 300 },
  // Chromium (Debian), Node 24 and code-server, which the browser and VS Code stages below need; < 1 s when present.
  { name: 'harness', cmd: process.execPath, args: ['scripts/harness/install.mjs'], limit: 900 },
  { name: 'typecheck', cmd: npm, args: ['run', '--silent', 'typecheck'], limit: 600 },
  { name: 'unit', cmd: npm, args: ['run', '--silent', 'test:unit'], limit: 900 },
  { name: 'webview', cmd: npm, args: ['run', '--silent', 'test:webview'], limit: 600, needs: ['harness'], when: () => ('test:webview' in scripts ? undefined : 'no test:webview script') },
  // The benchmarks' quick mode: small sizes, correctness checks only (keeps `npm run bench` working).
  { name: 'bench', cmd: npm, args: ['run', '--silent', 'bench', '--', '--quick'], limit: 300, needs: ['build', 'harness'] },
  // Every target's .vsix (`npm run package -- --all`; < 5 minutes with the binaries' download), then their checks.
  { name: 'package', cmd: npm, args: ['run', '--silent', 'test:package'], limit: 600, needs: ['build'] },
  // `node --import tsx` rather than the tsx CLI: one process, so a signal needs no relaying.
  { name: 'integration', cmd: process.execPath, args: ['--import', 'tsx', 'test/integration/runCodeServer.ts'], limit: 900, needs: ['build', 'harness'] },
  { name: 'e2e', cmd: process.execPath, args: ['--import', 'tsx', 'test/e2e/run.ts'], limit: 1200, needs: ['harness'] },
];
const NAMES = STAGES.map((s) => s.name);

function stageList(value, flag) {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = list.filter((s) => !NAMES.includes(s));
  if (unknown.length > 0) {
    console.error(`test-all: unknown stage(s) in ${flag}: ${unknown.join(', ')} (stages: ${NAMES.join(', ')})`);
    process.exit(2);
  }
  return list;
}

let current; // { child, stage } while a stage runs
let interrupted;

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
}

/** Runs one stage in its own process group; streams and captures its output. */
function runStage(stage) {
  return new Promise((resolveStage) => {
    const started = performance.now();
    const env = { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) };
    const child = spawn(stage.cmd, stage.args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    current = { child, stage };
    let output = '';
    const capture = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', capture(process.stdout));
    child.stderr.on('data', capture(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n[test-all] ${stage.name} still running after ${stage.limit} s: stopping it`);
      stopCurrent('SIGTERM');
    }, stage.limit * 1000);
    child.on('error', (err) => {
      output += `\n${err.message}\n`;
      console.error(`[test-all] could not start ${stage.name}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      const seconds = (performance.now() - started) / 1000;
      const counts = countTests(output);
      let result = code === 0 ? 'pass' : 'FAIL';
      if (timedOut) result = 'TIMEOUT';
      if (interrupted) result = 'STOPPED';
      // A runner that exits 0 while reporting failures is still a failure.
      if (result === 'pass' && counts && counts.failed > 0) result = 'FAIL';
      const detail = code === 0 ? '' : `exit ${code ?? signal}`;
      const reason = result === 'FAIL' || result === 'TIMEOUT' ? failureReason(output, { result, limit: stage.limit, detail }) : undefined;
      resolveStage({ name: stage.name, result, counts, seconds, detail, reason });
    });
  });
}

/** Asks the running stage to stop (its own handlers stop code-server and chromium), then kills its group. */
function stopCurrent(signal) {
  if (!current) return;
  const { child } = current;
  signalGroup(child.pid, signal);
  const kill = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 20_000);
  kill.unref();
  child.once('close', () => clearTimeout(kill));
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (interrupted) {
      // Second Ctrl+C: no more waiting.
      if (current) signalGroup(current.child.pid, 'SIGKILL');
      process.exit(130);
    }
    interrupted = signal;
    console.error(`\n[test-all] ${signal}: stopping ${current ? current.stage.name : 'nothing running'}…`);
    stopCurrent('SIGINT');
  });
}
// Whatever happens to this process, the stage's group does not outlive it.
process.on('exit', () => {
  if (current) signalGroup(current.child.pid, 'SIGKILL');
});

function pad(value, width, right = false) {
  const s = String(value);
  return right ? s.padStart(width) : s.padEnd(width);
}

function printSummary(results, totalSeconds) {
  const rows = results.map((r) => [
    r.name,
    r.result + (r.note ? ` (${r.note})` : ''),
    r.counts ? r.counts.passed : '-',
    r.counts ? r.counts.failed : '-',
    r.seconds === undefined ? '-' : r.seconds.toFixed(1),
  ]);
  const passed = results.reduce((n, r) => n + (r.counts?.passed ?? 0), 0);
  const failed = results.reduce((n, r) => n + (r.counts?.failed ?? 0), 0);
  const ok = results.every((r) => r.result === 'pass' || r.result === 'skip');
  rows.push(['total', ok ? 'pass' : 'FAIL', passed, failed, totalSeconds.toFixed(1)]);
  const header = ['stage', 'result', 'passed', 'failed', 'seconds'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (row) => row.map((cell, i) => pad(cell, widths[i], i >= 2)).join('  ');
  console.log(`\n${'='.repeat(widths.reduce((a, b) => a + b + 2, -2))}`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  // Why each failed stage failed, in one line each (the details are in its output above).
  const reasons = results.filter((r) => r.reason);
  if (reasons.length > 0) {
    console.log('');
    for (const r of reasons) console.log(`${r.name} ${r.result === 'TIMEOUT' ? 'timed out' : 'failed'}: ${r.reason}`);
  }
  // The plain closing line CI reads.
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  return ok;
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' }, list: { type: 'boolean', default: false } } });
  if (values.list) {
    console.log(NAMES.join('\n'));
    return 0;
  }
  const only = stageList(values.only, '--only');
  const skip = stageList(values.skip, '--skip') ?? [];
  const started = performance.now();
  const results = [];
  for (const stage of STAGES) {
    const selected = (only ? only.includes(stage.name) : true) && !skip.includes(stage.name);
    if (!selected) continue;
    const skipReason =
      stage.when?.() ?? (interrupted ? 'interrupted' : undefined) ?? stage.needs?.map((n) => results.find((r) => r.name === n)).find((r) => r && r.result !== 'pass' && r.result !== 'skip')?.name;
    if (skipReason) {
      const note = stage.needs?.includes(skipReason) ? `${skipReason} failed` : skipReason;
      results.push({ name: stage.name, result: 'skip', note, counts: undefined, seconds: undefined });
      console.log(`\n[test-all] ── ${stage.name}: skipped (${note})`);
      continue;
    }
    console.log(`\n[test-all] ── ${stage.name}: ${[stage.cmd === process.execPath ? 'node' : stage.cmd.replace(`${repoRoot}/`, ''), ...stage.args].join(' ')}`);
    const result = await runStage(stage);
    results.push(result);
    console.log(`[test-all] ── ${stage.name}: ${result.result} in ${result.seconds.toFixed(1)} s${result.detail ? ` (${result.detail})` : ''}`);
  }
  const ok = printSummary(results, (performance.now() - started) / 1000);
  if (interrupted) return 130;
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
