import assert from 'node:assert/strict';
import type { RecordBatch } from '../../../../src/core/minimize/records';
import { runsToCsv, runsToJson } from '../../../../src/extension/runs/export';
import { GrowableColumn } from '../../../../src/extension/runs/growable';
import { batchToChunk, RunStore, toBatch } from '../../../../src/extension/runs/runStore';
import type { RunMeta } from '../../../../src/shared/protocol';

function meta(id: string, dim = 2): RunMeta {
  return {
    id,
    label: `adam lr=0.1 (${id})`,
    colorIndex: 0,
    objective: { file: '/w/rosenbrock.ts', label: 'rosenbrock.ts', name: 'rosenbrock' },
    config: { optimizer: { type: 'adam', lr: 0.1 }, schedule: { type: 'constant' }, iterations: 10 },
    gradient: 'user',
    dim,
    startedAt: 0,
  };
}

function batch(firstStep: number, count: number, dim: number, metrics: Record<string, number[]> = {}): RecordBatch {
  const f = (g: (i: number) => number) => Float64Array.from({ length: count }, (_, i) => g(firstStep + i));
  return {
    firstStep,
    count,
    dim,
    lr: f(() => 0.1),
    loss: f((s) => 1 / s),
    gradNorm: f((s) => 2 / s),
    params: Float64Array.from({ length: count * dim }, (_, k) => firstStep + Math.floor(k / dim) + (k % dim) / 10),
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Float64Array.from(v)])),
  };
}

describe('GrowableColumn', () => {
  it('append keeps every value in order across growth', () => {
    const col = new GrowableColumn(2);
    for (let i = 0; i < 100; i++) col.append([i, i + 0.5]);
    assert.equal(col.length, 200);
    assert.equal(col.view()[199], 99.5);
    assert.deepEqual(col.toArray().slice(0, 4), [0, 0.5, 1, 1.5]);
  });
});

describe('RunStore', () => {
  it('append concatenates batches; a metric first seen later is back-filled with NaN, a missing one padded', () => {
    const store = new RunStore();
    store.add(meta('a'), true);
    store.append('a', batch(1, 2, 2));
    store.append('a', batch(3, 2, 2, { accuracy: [0.5, 0.6] }));
    store.append('a', batch(5, 1, 2));
    const [snap] = store.snapshot();
    assert.deepEqual(snap!.data.loss, [1, 1 / 2, 1 / 3, 1 / 4, 1 / 5]);
    assert.deepEqual(snap!.data.metrics.accuracy, [NaN, NaN, 0.5, 0.6, NaN]);
    assert.equal(store.get('a')!.params!.length, 10);
  });

  it('colour indices keep increasing, also after a restore', () => {
    const store = new RunStore();
    assert.equal(store.takeColorIndex(), 0);
    assert.equal(store.takeColorIndex(), 1);
    const other = new RunStore();
    other.restore([{ meta: { ...meta('x'), colorIndex: 5 }, data: { firstStep: 1, lr: [0.1], loss: [1], gradNorm: [2], metrics: {} }, params: null, outcome: null }]);
    assert.equal(other.takeColorIndex(), 6);
  });

  it('toPersisted → JSON → restore round-trips finished runs; running runs are not persisted', () => {
    const store = new RunStore();
    store.add(meta('done'), true);
    store.append('done', batch(1, 3, 2, { accuracy: [0.1, 0.2, 0.3] }));
    store.finish('done', { stopReason: 'maxIterations', detail: 'reached the limit', steps: 3, finalLoss: 0.25, bestLoss: 0.25, wallTimeMs: 1 });
    store.add(meta('running'), true);
    const persisted = JSON.parse(JSON.stringify(store.toPersisted()));
    assert.equal(persisted.length, 1);
    const restored = new RunStore();
    restored.restore(persisted);
    assert.deepEqual(restored.snapshot(), store.snapshot().filter((s) => s.meta.id === 'done'));
    assert.deepEqual(restored.get('done')!.params!.toArray(), store.get('done')!.params!.toArray());
  });

  it('keeps what an optimizer adds to its records (ASGD’s averaged iterate, L-BFGS’s evaluations) through toPersisted → JSON → restore', () => {
    const store = new RunStore();
    store.add(meta('asgd'), true);
    store.append('asgd', { ...batch(1, 2, 2), averagedParams: Float64Array.from([1, 1.5, 2, 2.5]) });
    store.append('asgd', { ...batch(3, 1, 2), averagedParams: Float64Array.from([3, 3.5]) });
    store.finish('asgd', { stopReason: 'maxIterations', detail: 'reached the limit', steps: 3, finalLoss: 0.3, bestLoss: 0.3, wallTimeMs: 1 }, [3, 3.5]);
    store.add(meta('lbfgs'), false);
    store.append('lbfgs', { ...batch(1, 2, 2), params: null, evaluations: Float64Array.from([4, 9]) });
    store.finish('lbfgs', { stopReason: 'maxIterations', detail: 'reached the limit', steps: 2, evaluations: 9, finalLoss: 0.5, bestLoss: 0.5, wallTimeMs: 1 });
    const restored = new RunStore();
    restored.restore(JSON.parse(JSON.stringify(store.toPersisted())));
    for (const id of ['asgd', 'lbfgs']) {
      const [before, after] = [toBatch(store.get(id)!), toBatch(restored.get(id)!)];
      assert.deepEqual([after.averagedParams, after.evaluations, after.params], [before.averagedParams, before.evaluations, before.params], id);
    }
    assert.deepEqual(Array.from(toBatch(restored.get('asgd')!).averagedParams!), [1, 1.5, 2, 2.5, 3, 3.5]);
    assert.deepEqual(Array.from(toBatch(restored.get('lbfgs')!).evaluations!), [4, 9]);
    assert.deepEqual(restored.get('asgd')!.finalAveragedParams, [3, 3.5]);
    // Without its parameters (too many to keep) a run keeps no averaged iterate either.
    assert.ok(!('averagedParams' in store.toPersisted(1)[0]!));
  });

  it('restore skips malformed entries instead of throwing', () => {
    const store = new RunStore();
    store.restore([null, { meta: {} }, { meta: meta('ok'), data: { firstStep: 1, lr: [0.1], loss: [1], gradNorm: [1], metrics: {} }, params: null, outcome: null }] as never);
    assert.deepEqual(store.list().map((r) => r.meta.id), ['ok']);
  });

  it('remove and clear return the ids they removed', () => {
    const store = new RunStore();
    store.add(meta('a'), false);
    store.add(meta('b'), false);
    assert.deepEqual(store.remove(['a', 'zzz']), ['a']);
    assert.deepEqual(store.clear(), ['b']);
    assert.equal(store.size, 0);
  });

  it('batchToChunk converts typed columns to plain arrays', () => {
    const chunk = batchToChunk(batch(4, 2, 1, { f1: [0.5, 0.25] }));
    assert.deepEqual(chunk, { firstStep: 4, lr: [0.1, 0.1], loss: [1 / 4, 1 / 5], gradNorm: [2 / 4, 2 / 5], metrics: { f1: [0.5, 0.25] } });
  });
});

describe('run export', () => {
  function storeWithRun(): RunStore {
    const store = new RunStore();
    store.add(meta('r1'), true);
    store.append('r1', batch(1, 2, 2, { accuracy: [0.5, 0.75] }));
    store.finish('r1', { stopReason: 'converged', detail: 'gradient norm below tolerance', steps: 2, finalLoss: 0.4, bestLoss: 0.4, wallTimeMs: 3 });
    return store;
  }

  it('runsToJson has the `lrlab run --format json` shape per run', () => {
    const doc = JSON.parse(runsToJson(storeWithRun().list()));
    assert.equal(doc.runs.length, 1);
    const run = doc.runs[0];
    assert.deepEqual(Object.keys(run), ['objective', 'config', 'stopReason', 'detail', 'summary', 'records', 'label']);
    // A run restored without the worker's description of its objective: what was asked for, as the CLI prints before loading.
    assert.deepEqual(run.objective, { name: 'rosenbrock', file: meta('r1').objective.file });
    assert.equal(run.stopReason, 'converged');
    assert.deepEqual(run.records[1], { step: 2, lr: 0.1, loss: 0.5, gradNorm: 1, params: [2, 2.1], metrics: { accuracy: 0.75 } });
  });

  it("runsToCsv is one tidy long table: a row per run × step, the run's config in columns, then the CLI's; labels quoted", () => {
    const store = storeWithRun();
    store.add({ ...meta('r2', 1), label: 'sgd, "quoted"', config: { optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 }, schedule: { type: 'step', stepSize: 2, gamma: 0.5 }, iterations: 1, batchSize: 8, seed: 3 } as never }, true);
    store.append('r2', batch(1, 1, 1));
    const lines = runsToCsv(store.list()).trimEnd().split('\n');
    assert.equal(lines[0], 'run,label,objective,file,optimizer,baseLr,optimizerConfig,schedule,scheduleConfig,iterations,batchSize,seed,step,lr,loss,gradNorm,accuracy');
    assert.equal(lines[1], 'r1,adam lr=0.1 (r1),rosenbrock,rosenbrock.ts,adam,0.1,adam(lr=0.1),constant,constant,10,,,1,0.1,1,2,0.5');
    assert.equal(lines[3], 'r2,"sgd, ""quoted""",rosenbrock,rosenbrock.ts,sgd,0.5,"sgd(lr=0.5, momentum=0.9)",step,"step(stepSize=2, gamma=0.5)",1,8,3,1,0.1,1,2,');
    assert.equal(lines.length, 4, 'runs with different numbers of parameters: no padded parameter columns (JSON has them)');
  });

  it('runsToCsv has the parameter columns when every run has as many parameters', () => {
    const store = storeWithRun();
    store.add(meta('r2'), true);
    store.append('r2', batch(1, 1, 2));
    const lines = runsToCsv(store.list()).trimEnd().split('\n');
    assert.match(lines[0]!, /,step,lr,loss,gradNorm,p0,p1,accuracy$/);
    assert.match(lines[1]!, /,1,0\.1,1,2,1,1\.1,0\.5$/);
  });

  it('runsToCsv has the evaluations column of L-BFGS runs and the averaged iterate (a0, a1, …) of ASGD runs, as lrlab run’s CSV does', () => {
    const store = new RunStore();
    store.add(meta('asgd'), true);
    store.append('asgd', { ...batch(1, 1, 2), averagedParams: Float64Array.from([0.5, 0.25]) });
    store.add(meta('lbfgs'), true);
    store.append('lbfgs', { ...batch(1, 1, 2), evaluations: Float64Array.from([7]) });
    const lines = runsToCsv(store.list()).trimEnd().split('\n');
    const config = 'rosenbrock,rosenbrock.ts,adam,0.1,adam(lr=0.1),constant,constant,10,,';
    assert.deepEqual(lines, [
      'run,label,objective,file,optimizer,baseLr,optimizerConfig,schedule,scheduleConfig,iterations,batchSize,seed,step,lr,loss,gradNorm,evaluations,p0,p1,a0,a1',
      `asgd,adam lr=0.1 (asgd),${config},1,0.1,1,2,,1,1.1,0.5,0.25`,
      `lbfgs,adam lr=0.1 (lbfgs),${config},1,0.1,1,2,7,1,1.1,,`,
    ]);
  });
});

describe('RunStore.onDidChange', () => {
  it('fires when runs come, finish, go and come back — not on every batch', () => {
    const store = new RunStore();
    let fired = 0;
    store.onDidChange(() => fired++);
    store.add(meta('a'), false);
    assert.equal(fired, 1, 'add');
    store.append('a', batch(1, 3, 2));
    assert.equal(fired, 1, 'a batch of records is not a change of the list');
    store.finish('a', { stopReason: 'maxIterations', detail: '', steps: 3, finalLoss: 1, bestLoss: 1, wallTimeMs: 1 });
    assert.equal(fired, 2, 'finish');
    const taken = store.detach(['a', 'missing']);
    assert.equal(fired, 3, 'detach');
    store.detach(['missing']);
    assert.equal(fired, 3, 'nothing detached: no change');
    store.attach(taken);
    assert.equal(fired, 4, 'attach');
  });
});
