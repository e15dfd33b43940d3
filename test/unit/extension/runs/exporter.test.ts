import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { RunExporter, runToJson, type ExportUi } from '../../../../src/extension/runs/export';
import { RunStore } from '../../../../src/extension/runs/runStore';
import { batch, FakePages, fakeUri, MemoryState } from '../fakes';

function setup(answer: string | undefined, state = new MemoryState()) {
  const writes: Array<{ file: string; text: string }> = [];
  const asked: unknown[] = [];
  const said: string[] = [];
  const ui: ExportUi = {
    pickFile: async (request) => (asked.push(request), answer === undefined ? undefined : fakeUri(answer)),
    write: async (file: vscode.Uri, bytes) => void writes.push({ file: file.fsPath, text: Buffer.from(bytes).toString('latin1') }),
    saved: (message, file) => void said.push(`${message} to ${file.fsPath}`),
  };
  const store = new RunStore();
  const pages = new FakePages();
  return { exporter: new RunExporter(store, pages, ui, state), store, pages, writes, asked, said, state };
}

describe('RunExporter', () => {
  it('exportRuns with no runs says so in the pages and asks nothing', async () => {
    const t = setup('/w/x.csv');
    await t.exporter.exportRuns('csv');
    assert.deepEqual(t.pages.messages, [{ type: 'error', message: 'Nothing to export: no runs yet.' }]);
    assert.deepEqual(t.asked, []);
  });

  it('exportRuns writes the CSV where the user picked and says where; a cancelled dialog writes nothing', async () => {
    const t = setup('/w/runs.csv');
    t.store.add({ id: 'a', label: 'adam', colorIndex: 0, objective: { file: '/w/f.ts', label: 'f.ts', name: 'f' }, config: { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 2 }, gradient: 'user', dim: 2, startedAt: 0 }, false);
    t.store.append('a', batch(1, 2));
    await t.exporter.exportRuns('csv');
    assert.deepEqual(t.asked, [{ name: 'lrlab-runs.csv', filter: ['CSV', 'csv'], title: 'Export 1 run(s) as CSV' }]);
    assert.equal(t.writes[0]!.file, '/w/runs.csv');
    assert.match(t.writes[0]!.text, /^run,label,objective,file,optimizer,baseLr,optimizerConfig,schedule,scheduleConfig,iterations,batchSize,seed,step,lr,loss,gradNorm/);
    assert.deepEqual(t.said, ['exported 1 run(s) to /w/runs.csv']);
    const cancelled = setup(undefined);
    await cancelled.exporter.savePng('data:image/png;base64,AA==');
    assert.deepEqual(cancelled.writes, []);
  });

  it("a run's JSON says why it did not use the exact gradient, and from which step it gave way, as lrlab run --format json does", () => {
    const store = new RunStore();
    const base = { label: 'adam', colorIndex: 0, objective: { file: '/w/f.ts', label: 'f.ts', name: 'f' }, config: { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 2 }, dim: 2, startedAt: 0, info: { form: 'function' as const, hasGradient: false, stochastic: false, hasMetrics: false, x0: [0, 0] } };
    store.add({ ...base, id: 'n', gradient: 'numeric', gradientReason: 'calls Math.random()', gradientLocation: { file: '/w/f.ts', line: 4 } }, false);
    store.add({ ...base, id: 'e', gradient: 'exact' }, false);
    store.gradientFallback('e', { step: 7, reason: 'turns a value that depends on the parameters into a string', location: { file: '/w/f.ts', line: 9 } });
    const numeric = runToJson(store.get('n')!) as { objective: Record<string, unknown>; gradientFallbacks?: unknown };
    assert.equal(numeric.objective.gradient, 'numeric');
    assert.equal(numeric.objective.gradientReason, 'calls Math.random()');
    assert.deepEqual(numeric.objective.gradientLocation, { file: '/w/f.ts', line: 4 });
    assert.equal(numeric.gradientFallbacks, undefined);
    const exact = runToJson(store.get('e')!) as { objective: Record<string, unknown>; gradientFallbacks?: unknown };
    assert.equal(exact.objective.gradient, 'exact');
    assert.equal(exact.objective.gradientReason, undefined);
    assert.deepEqual(exact.gradientFallbacks, [{ step: 7, reason: 'turns a value that depends on the parameters into a string', location: { file: '/w/f.ts', line: 9 } }]);
  });

  it('savePng writes the decoded PNG bytes and says where (with Open), as every export does', async () => {
    const t = setup('/w/c.png');
    await t.exporter.savePng('data:image/png;base64,iVBORw==');
    assert.deepEqual(Buffer.from(t.writes[0]!.text, 'latin1'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    assert.deepEqual(t.said, ['saved the charts to /w/c.png']);
  });

  it('the next save dialog starts in the folder of the last export (remembered in the workspace state); a cancelled one remembers nothing', async () => {
    const state = new MemoryState();
    const first = setup('/w/out/charts/c.png', state);
    await first.exporter.savePng('data:image/png;base64,AA==');
    assert.deepEqual(first.asked, [{ name: 'lrlab-charts.png', filter: ['PNG', 'png'], title: 'Save the charts as PNG' }], 'nothing remembered yet: the dialog starts near the objective');
    const next = setup(undefined, state);
    next.store.add({ id: 'a', label: 'adam', colorIndex: 0, objective: { file: '/w/f.ts', label: 'f.ts', name: 'f' }, config: { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 2 }, gradient: 'user', dim: 2, startedAt: 0 }, false);
    next.store.append('a', batch(1, 2));
    await next.exporter.exportRuns('json');
    assert.deepEqual(next.asked, [{ name: 'lrlab-runs.json', filter: ['JSON', 'json'], title: 'Export 1 run(s) as JSON', folder: '/w/out/charts' }]);
    assert.equal(state.get('lrlab.exportFolder'), '/w/out/charts');
  });
});
