import assert from 'node:assert/strict';
import { MAX_PERSISTED_RUNS, Playground, RunArchive } from '../../../../src/extension/runs/persistence';
import { RunStore } from '../../../../src/extension/runs/runStore';
import type { RunMeta } from '../../../../src/shared/protocol';
import { batch, FakeLog, fakeUri, MemoryFile, MemoryState, target } from '../fakes';

const controls = { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 };
const meta = (id: string): RunMeta => ({ id, label: id, colorIndex: 0, objective: { file: '/w/f.ts', label: 'f.ts', name: 'f' }, config: { optimizer: { type: 'adam', lr: 0.1 }, schedule: { type: 'constant' }, iterations: 2 }, gradient: 'user', dim: 2, startedAt: 0 });

function finishedRun(store: RunStore, id: string): void {
  store.add(meta(id), false);
  store.append(id, batch(1, 2));
  store.finish(id, { stopReason: 'maxIterations', detail: '', steps: 2, finalLoss: 0.5, bestLoss: 0.5, wallTimeMs: 1 });
}

describe('Playground', () => {
  it('knows whether its controls are edits made in the panel: set so by the page, ended by others\' different controls, kept across a reload', () => {
    const state = new MemoryState();
    const playground = new Playground(state, () => controls, fakeUri);
    assert.equal(playground.editedInPanel, false, 'the settings\' controls');
    const typed = { ...controls, iterations: controls.iterations + 1 };
    playground.setControls(typed, null, true);
    assert.equal(playground.editedInPanel, true);
    playground.setControls({ ...typed }, null);
    assert.equal(playground.editedInPanel, true, 'the same controls again (a run of the panel\'s form) are still the user\'s');
    assert.equal(new Playground(state, () => controls, fakeUri).editedInPanel, true, 'after a reload');
    playground.setControls(controls);
    assert.equal(playground.editedInPanel, false, "a command's own controls are not the user's edits");
  });

  it('Playground starts from the settings, then comes back as it was left (objective and controls)', () => {
    const state = new MemoryState();
    const first = new Playground(state, () => controls, fakeUri);
    assert.equal(first.target, undefined);
    assert.deepEqual(first.controls, controls);
    first.setTarget(target('beale', '/w/beale.ts'));
    first.setControls({ ...controls, iterations: 9 });
    const again = new Playground(state, () => assert.fail('the saved controls win'), fakeUri);
    assert.deepEqual({ file: again.target?.uri.fsPath, objective: again.target?.objective }, { file: '/w/beale.ts', objective: 'beale' });
    assert.equal(again.controls.iterations, 9);
  });
});

describe('RunArchive', () => {
  it('RunArchive writes finished runs (the latest 30) and restores them into a new store once', async () => {
    const store = new RunStore();
    for (let i = 0; i < MAX_PERSISTED_RUNS + 2; i++) finishedRun(store, `r${i}`);
    const file = new MemoryFile();
    await new RunArchive(store, file, new FakeLog()).persist();
    const restored = new RunStore();
    const archive = new RunArchive(restored, file, new FakeLog());
    await Promise.all([archive.restore(), archive.restore()]);
    assert.equal(restored.list().length, MAX_PERSISTED_RUNS);
    assert.equal(restored.list()[0]!.meta.id, 'r2');
    assert.deepEqual(restored.snapshot()[0]!.data.loss, [1, 0.5]);
  });

  it('RunArchive restores nothing from no file, warns on a broken one, and debounces saves', async () => {
    const log = new FakeLog();
    await new RunArchive(new RunStore(), new MemoryFile(), log).restore();
    await new RunArchive(new RunStore(), new MemoryFile('{not json'), log).restore();
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /^warn could not restore runs/);
    const file = new MemoryFile();
    const archive = new RunArchive(new RunStore(), file, log);
    archive.schedulePersist();
    archive.schedulePersist();
    await archive.persist();
    assert.equal(file.writes, 1, 'persist now replaces the scheduled save');
    archive.dispose();
  });
});
