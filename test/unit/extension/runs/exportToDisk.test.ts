/**
 * The panel's JSON export, written to disk, has `lrlab run --format json`'s shape for real: a
 * run made by the extension's launcher (the real loader and worker) and exported by its
 * exporter to a file, read back, equals what the CLI prints for the same objective and config —
 * also for the optimizers that add to the records: ASGD's averaged iterate (a second parameter
 * series and the final average) and L-BFGS's evaluations (per record and in all).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { RunExporter, type ExportUi } from '../../../../src/extension/runs/export';
import { Playground } from '../../../../src/extension/runs/persistence';
import { RunLauncher } from '../../../../src/extension/runs/RunLauncher';
import { RunStore } from '../../../../src/extension/runs/runStore';
import { SETTINGS_DEFAULTS } from '../../../../src/extension/settings';
import { fixture, requireBuild, repoRoot } from '../../core/loader/fixtures';
import { FakeLog, FakePages, FakeRunUi, fakeUri, MemoryState } from '../fakes';

describe('the JSON export on disk', function () {
  this.timeout(60_000);
  before(requireBuild);

  const cases: { label: string; controls: { optimizer: { type: string; [option: string]: unknown }; schedule: { type: string; [option: string]: unknown }; iterations: number }; flags: string[] }[] = [
    { label: 'sgd with a step schedule', controls: { optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'step', stepSize: 2 }, iterations: 5 }, flags: ['--optimizer', 'sgd', '--lr', '0.1', '--schedule', 'step', '--set', 'schedule.stepSize=2', '--iterations', '5'] },
    { label: 'asgd: the averaged iterate', controls: { optimizer: { type: 'asgd', lr: 0.1, t0: 2 }, schedule: { type: 'constant' }, iterations: 5 }, flags: ['--optimizer', 'asgd', '--lr', '0.1', '--set', 't0=2', '--iterations', '5'] },
    { label: 'lbfgs: evaluations per record and in all', controls: { optimizer: { type: 'lbfgs', lr: 1, lineSearchFn: 'strongWolfe' }, schedule: { type: 'constant' }, iterations: 2 }, flags: ['--optimizer', 'lbfgs', '--lr', '1', '--set', 'lineSearchFn=strongWolfe', '--iterations', '2'] },
  ];

  for (const c of cases) {
    it(`${c.label}: each exported run is the document lrlab run --format json prints for the same run, plus its label`, async () => {
      const file = fixture('quadraticBowl.ts');
      const { controls } = c;
      const store = new RunStore();
      const pages = new FakePages();
      const launcher = new RunLauncher({
        store,
        pages,
        playground: new Playground(new MemoryState(), () => controls, fakeUri),
        archive: { schedulePersist: () => undefined },
        ui: new FakeRunUi(),
        diagnostics: { report: () => undefined },
        statusBar: { running: () => undefined, finished: () => undefined },
        log: new FakeLog(),
        settings: () => ({ ...SETTINGS_DEFAULTS, typeCheck: 'off' }),
        showPanel: async () => undefined,
        postContext: () => undefined,
      });
      const completion = await launcher.run({ uri: fakeUri(file), objective: 'quadraticBowl' }, controls, { progress: false });
      assert.equal(completion.outcome?.stopReason, 'maxIterations', completion.outcome?.detail);

      const out = path.join(mkdtempSync(path.join(tmpdir(), 'lrlab-export-')), 'runs.json');
      const ui: ExportUi = { pickFile: async () => fakeUri(out), write: async (_f: vscode.Uri, bytes) => writeFileSync(out, bytes), saved: () => undefined };
      await new RunExporter(store, pages, ui, new MemoryState()).exportRuns('json');
      const exported = JSON.parse(readFileSync(out, 'utf8')) as { runs: Array<Record<string, unknown>> };
      assert.equal(exported.runs.length, 1);
      const { label, ...run } = exported.runs[0]!;
      assert.equal(label, completion.meta!.label);

      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'bin/lrlab.js'), 'run', file, ...c.flags, '--format', 'json', '--no-typecheck'], { encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
      const printed = JSON.parse(cli.stdout) as Record<string, unknown> & { summary: Record<string, unknown> };
      // The same keys in the same order, and the same values (but the wall time of each run).
      assert.deepEqual(Object.keys(run), Object.keys(printed));
      const withoutTime = (doc: Record<string, unknown>) => ({ ...doc, summary: { ...(doc.summary as object), wallTimeMs: 0 } });
      assert.deepEqual(withoutTime(run), withoutTime(printed));
      assert.deepEqual((run.objective as Record<string, unknown>).x0, [0, 0]);
      const records = run.records as Array<Record<string, unknown>>;
      if (c.controls.optimizer.type === 'asgd') {
        assert.ok(records.every((r) => Array.isArray(r.averagedParams)), 'every record has the averaged iterate');
        assert.notDeepEqual(records[4]!.averagedParams, records[4]!.params, 'averaging started at t0');
        assert.deepEqual((run.summary as Record<string, unknown>).finalAveragedParams, records[4]!.averagedParams);
      }
      if (c.controls.optimizer.type === 'lbfgs') {
        assert.ok(records.every((r) => typeof r.evaluations === 'number'), 'every record counts evaluations');
        assert.equal((run.summary as Record<string, unknown>).evaluations, records[1]!.evaluations);
      }
    });
  }
});
