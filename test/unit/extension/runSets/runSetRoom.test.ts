/**
 * Run sets in the panel, on fakes of the workbench: "Save runs…" writes each finished run's
 * objective (relative to its workspace folder, with the hash of the text it ran on) and its
 * resolved config; "Open runs…" runs every saved config again exactly, warns when an objective
 * file changed since, and stops before running when one cannot be found; "Copy as command"
 * copies the run's `lrlab run` line.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { resolveRunConfig, type RunConfig } from '../../../../src/core/minimize/config';
import { parseRunSet } from '../../../../src/core/runSet';
import { RunStore } from '../../../../src/extension/runs/runStore';
import type { RunCompletion, RunTarget } from '../../../../src/extension/runs/types';
import { RunSetRoom, type RunSetUi } from '../../../../src/extension/runSets/runSetRoom';
import type { RunMeta } from '../../../../src/shared/protocol';
import { fakeUri, FakePages } from '../fakes';

/** A workspace folder on disk (run sets find objective files by looking for them). */
const ROOT = mkdtempSync(join(tmpdir(), 'lrlab-runsets-'));
after(() => rmSync(ROOT, { recursive: true, force: true }));
const BOWL_TEXT = 'export const bowl = { x0: [0, 0], f: (x: number[]) => x[0] ** 2 + x[1] ** 2 };\n';
const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

class FakeRunSetUi implements RunSetUi {
  readonly files = new Map<string, string>([[`${ROOT}/src/bowl.ts`, BOWL_TEXT]]);
  readonly said: string[] = [];
  readonly clipboard: string[] = [];
  saveTo: string | null = `${ROOT}/runs.lrlab.json`;
  openFrom: string | null = `${ROOT}/runs.lrlab.json`;
  async pickSaveFile() {
    return this.saveTo === null ? null : fakeUri(this.saveTo);
  }
  async pickOpenFile() {
    return this.openFrom === null ? null : fakeUri(this.openFrom);
  }
  async readFile(file: { fsPath: string }) {
    const text = this.files.get(file.fsPath);
    if (text === undefined) throw new Error(`ENOENT ${file.fsPath}`);
    return text;
  }
  async writeFile(file: { fsPath: string }, text: string) {
    this.files.set(file.fsPath, text);
  }
  /** The objective file as it is on disk too. */
  setObjective(text: string | null) {
    const file = `${ROOT}/src/bowl.ts`;
    if (text === null) {
      this.files.delete(file);
      rmSync(file, { force: true });
    } else {
      this.files.set(file, text);
      mkdirSync(`${ROOT}/src`, { recursive: true });
      writeFileSync(file, text);
    }
  }
  workspaceFolderOf(file: string) {
    return file.startsWith(`${ROOT}/`) ? ROOT : undefined;
  }
  workspaceFolders() {
    return [ROOT];
  }
  openText() {
    return undefined;
  }
  diskText(file: string) {
    return this.files.get(file);
  }
  uriOf(file: string) {
    return fakeUri(file);
  }
  async copy(text: string) {
    this.clipboard.push(text);
  }
  info(m: string) {
    this.said.push(`info ${m}`);
  }
  warn(m: string) {
    this.said.push(`warn ${m}`);
  }
  error(m: string) {
    this.said.push(`error ${m}`);
  }
}

function addRun(store: RunStore, id: string, config: RunConfig, finished = true): void {
  const meta: RunMeta = { id, label: id, colorIndex: 0, objective: { file: `${ROOT}/src/bowl.ts`, label: 'bowl.ts', name: 'bowl' }, config: config as unknown as RunMeta['config'], gradient: 'user', dim: 2, startedAt: 0 };
  store.add(meta, { recordParams: false, sourceSha256: hash(BOWL_TEXT) });
  if (finished) store.finish(id, { stopReason: 'maxIterations', detail: '', steps: config.iterations, finalLoss: 0, bestLoss: 0, wallTimeMs: 1 });
}

function setup() {
  const store = new RunStore();
  const pages = new FakePages();
  const ui = new FakeRunSetUi();
  ui.setObjective(BOWL_TEXT);
  const ran: Array<{ target: RunTarget; config: RunConfig }> = [];
  const room = new RunSetRoom({
    store,
    pages,
    ui,
    launcher: {
      runConfig: async (target, config) => {
        ran.push({ target, config });
        return { status: 'finished', runId: `again-${ran.length}` } as unknown as RunCompletion;
      },
    },
  });
  return { store, pages, ui, ran, room };
}

const SGD = resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 }, schedule: { type: 'cosine' }, iterations: 120, seed: 7 });
const ADAM = resolveRunConfig({ optimizer: { type: 'adam', lr: 0.01 }, iterations: 50 });

describe('RunSetRoom', () => {
  it('saves the finished runs (workspace-relative file, its hash, resolved configs) and runs them again exactly', async () => {
    const { store, ui, ran, room } = setup();
    addRun(store, 'sgd', SGD);
    addRun(store, 'adam', ADAM);
    addRun(store, 'running', ADAM, false);
    const file = await room.save();
    assert.equal(file?.fsPath, `${ROOT}/runs.lrlab.json`);
    const saved = parseRunSet(ui.files.get(`${ROOT}/runs.lrlab.json`)!, 'runs.lrlab.json');
    assert.deepEqual(saved.runs.map((r) => [r.label, r.objective.file, r.objective.name, r.objective.sha256]), [
      ['sgd', 'src/bowl.ts', 'bowl', hash(BOWL_TEXT)],
      ['adam', 'src/bowl.ts', 'bowl', hash(BOWL_TEXT)],
    ]);
    assert.match(ui.said[0]!, /^info LR Lab: saved 2 runs to .*\/runs\.lrlab\.json/);

    const completions = await room.open();
    assert.deepEqual(completions.map((c) => c.runId), ['again-1', 'again-2']);
    assert.deepEqual(ran.map((r) => [r.target.uri.fsPath, r.target.objective]), [[`${ROOT}/src/bowl.ts`, 'bowl'], [`${ROOT}/src/bowl.ts`, 'bowl']]);
    assert.deepEqual(ran[0]!.config, SGD);
    assert.deepEqual(ran[1]!.config, ADAM);
    assert.ok(!ui.said.some((m) => m.startsWith('warn')), 'unchanged file: no warning');
  });

  it('says that there is nothing to save in Chinese with the zh-cn bundle', async () => {
    l10n.config({ contents: JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
    try {
      const { pages, room } = setup();
      assert.equal(await room.save(), null);
      assert.equal(pages.of('error')[0]!.message, '没有可保存的内容：还没有已结束的运行。');
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('saves only the runs asked for; says when there is nothing to save; a cancelled dialog writes nothing', async () => {
    const { store, pages, ui, room } = setup();
    assert.equal(await room.save(), null);
    assert.match(pages.of('error')[0]!.message, /^Nothing to save/);
    addRun(store, 'sgd', SGD);
    addRun(store, 'adam', ADAM);
    ui.saveTo = null;
    assert.equal(await room.save(['adam']), null);
    assert.equal(ui.files.size, 1);
    ui.saveTo = `${ROOT}/one.lrlab.json`;
    await room.save(['adam']);
    assert.deepEqual(parseRunSet(ui.files.get(`${ROOT}/one.lrlab.json`)!, 'one').runs.map((r) => r.label), ['adam']);
  });

  it('warns when an objective changed since, and runs nothing when one cannot be found', async () => {
    const { store, ui, ran, room } = setup();
    addRun(store, 'sgd', SGD);
    await room.save();
    ui.setObjective(`${BOWL_TEXT}// edited\n`);
    await room.open();
    assert.equal(ran.length, 1, 'it runs anyway');
    assert.match(ui.said.find((m) => m.startsWith('warn'))!, /bowl\.ts changed since the runs were saved/);
    ui.setObjective(null);
    assert.deepEqual(await room.open(), []);
    assert.equal(ran.length, 1);
    assert.match(ui.said.at(-1)!, /^error LR Lab: cannot find src\/bowl\.ts of "sgd"/);
    ui.files.set(`${ROOT}/runs.lrlab.json`, '{"lrlab": "something else"}');
    assert.deepEqual(await room.open(), []);
    assert.match(ui.said.at(-1)!, /^error LR Lab: .*\/runs\.lrlab\.json: .*lrlab/);
  });

  it('copies a run’s lrlab run line, relative to its workspace folder', async () => {
    const { store, ui, room } = setup();
    addRun(store, 'sgd', SGD);
    const line = await room.copyCommand('sgd');
    assert.equal(line, 'lrlab run src/bowl.ts --objective bowl --optimizer sgd --lr 0.05 --set momentum=0.9 --schedule cosine --iterations 120 --seed 7');
    assert.deepEqual(ui.clipboard, [line]);
    assert.equal(await room.copyCommand('nope'), null);
  });
});
