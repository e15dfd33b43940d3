/** Run sets round-trip exactly, find their objective file, and a run's command line resolves back to its config. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCommand } from '../../../../src/cli/args';
import { rawRunConfig } from '../../../../src/cli/configFlags';
import { RUN_OPTIONS } from '../../../../src/cli/commands/run';
import { resolveRunConfig, type RawRunConfig } from '../../../../src/core/minimize/config';
import { flavorsOf, optimizerTypes } from '../../../../src/core/optimizers';
import { scheduleTypes } from '../../../../src/core/schedules';
import { encodeRunSet, locateObjectiveFile, parseRunSet, quote, relativeObjectivePath, runCommandLine, sameContent, sha256 } from '../../../../src/core/runSet';

const HASH = sha256('export const f = 1;\n');

/** POSIX shell words of a command line (plain words and '…' with '\'' inside), as the CLI would get them. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '\\') {
      word += line[++i];
      inWord = true;
    } else if (c === ' ') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The config `lrlab run` resolves from a command line. */
function configOf(line: string): { config: ReturnType<typeof resolveRunConfig>; file: string; objective: string | undefined } {
  const [lrlab, run, ...args] = shellWords(line);
  assert.deepEqual([lrlab, run], ['lrlab', 'run']);
  const { values, positionals } = parseCommand('run', args, RUN_OPTIONS);
  return { config: resolveRunConfig(rawRunConfig(values, '/')), file: positionals[0]!, objective: values.objective };
}

const CONFIGS: RawRunConfig[] = [
  { optimizer: { type: 'adam', lr: 0.1 }, iterations: 1000 },
  { optimizer: { type: 'sgd', lr: 0.002, momentum: 0.9, nesterov: true }, schedule: { type: 'cosine' }, iterations: 300, seed: 7 },
  { optimizer: { type: 'adam', lr: 1e-3, betas: [0.9, 0.99], amsgrad: true }, schedule: { type: 'cosine', tMax: 50, etaMin: 1e-5 }, iterations: 200 },
  { optimizer: { type: 'rmsprop', lr: 0.01 }, schedule: { type: 'warmup', warmupSteps: 10, schedule: { type: 'step', stepSize: 30, gamma: 0.5 } }, iterations: 100, x0: [-1.2, 1], batchSize: 16, gradient: 'numeric' },
  { optimizer: { type: 'adagrad', lr: 0.05 }, schedule: { type: 'sequential', schedules: [{ type: 'linear' }, { type: 'exponential', gamma: 0.99 }], milestones: [40] }, iterations: 120, tolerance: { gradNorm: 1e-8 }, clip: { maxNorm: 1 }, divergenceFactor: 1e6, recordParams: false },
  { optimizer: { type: 'nadam', lr: 0.002 }, schedule: { type: 'plateau', patience: 3 }, iterations: 50 },
];

describe('run sets', () => {
  it('round-trip: configs come back equal, objectives and labels kept', () => {
    const runs = CONFIGS.map((raw, i) => ({ label: `run ${i}`, objective: { file: 'examples/rosenbrock.ts', sha256: HASH, name: 'rosenbrock' }, config: resolveRunConfig(raw) }));
    const text = encodeRunSet({ runs });
    assert.deepEqual(parseRunSet(text, 'x.lrlab.json'), { runs });
    // Stable: encoding what was read gives the same text.
    assert.equal(encodeRunSet(parseRunSet(text, 'x.lrlab.json')), text);
  });

  it('refuses what is not a run set, naming the place', () => {
    assert.throws(() => parseRunSet('{', 'a.lrlab.json'), /not valid JSON/);
    assert.throws(() => parseRunSet('{"lrlab": "other", "version": 1, "runs": []}', 'a.lrlab.json'), /not an LR Lab run set: lrlab must be "runs"/);
    assert.throws(() => parseRunSet(JSON.stringify({ lrlab: 'runs', version: 1, runs: [{ objective: { file: 'f.ts', sha256: 'abc', name: 'f' }, config: {} }] }), 'a.lrlab.json'), /runs\[0\]\.objective\.sha256 must be 64 hex digits/);
    assert.throws(
      () => parseRunSet(JSON.stringify({ lrlab: 'runs', version: 1, runs: [{ label: 'bad', objective: { file: 'f.ts', sha256: HASH, name: 'f' }, config: { optimizer: { type: 'sgd', lr: -1 } } }] }), 'a.lrlab.json'),
      /run 1 \(bad\): .*lr/,
    );
  });

  it('finds the objective file from the run set’s directory or an ancestor, and checks its content', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lrlab-runset-'));
    mkdirSync(path.join(root, 'examples'));
    mkdirSync(path.join(root, 'saved', 'deep'), { recursive: true });
    const objective = path.join(root, 'examples', 'f.ts');
    writeFileSync(objective, 'export const f = 1;\n');
    assert.equal(relativeObjectivePath(root, objective), 'examples/f.ts');
    assert.equal(relativeObjectivePath(path.join(root, 'saved'), objective), objective);
    assert.equal(locateObjectiveFile(path.join(root, 'runs.lrlab.json'), 'examples/f.ts'), objective);
    assert.equal(locateObjectiveFile(path.join(root, 'saved', 'deep', 'runs.lrlab.json'), 'examples/f.ts'), objective);
    assert.equal(locateObjectiveFile(path.join(tmpdir(), 'elsewhere.lrlab.json'), 'examples/f.ts', [root]), objective);
    assert.equal(locateObjectiveFile(path.join(root, 'runs.lrlab.json'), 'examples/missing.ts'), null);
    assert.ok(sameContent(HASH, objective));
    assert.ok(!sameContent(HASH, objective, 'export const f = 2;\n'));
  });
});

describe('copy as command', () => {
  it('writes a line the CLI resolves back to the same config, for every kind of option', () => {
    for (const raw of CONFIGS) {
      const config = resolveRunConfig(raw);
      const line = runCommandLine('examples/rosen brock.ts', 'rosenbrock', config);
      const back = configOf(line);
      assert.deepEqual(back.config, config, line);
      assert.equal(back.file, 'examples/rosen brock.ts');
      assert.equal(back.objective, 'rosenbrock');
    }
  });

  it('round-trips every optimizer of the registry and every schedule with its defaults', () => {
    for (const type of optimizerTypes) {
      const config = resolveRunConfig({ optimizer: { type, lr: 0.0123 }, iterations: 77 });
      assert.deepEqual(configOf(runCommandLine('f.ts', null, config)).config, config, type);
    }
    for (const type of optimizerTypes) {
      for (const flavor of flavorsOf(type).slice(1)) {
        const config = resolveRunConfig({ optimizer: { type, flavor, lr: 0.0123 }, iterations: 77 });
        assert.deepEqual(configOf(runCommandLine('f.ts', null, config)).config, config, `${type} ${flavor}`);
      }
    }
    assert.equal(runCommandLine('f.ts', null, resolveRunConfig({ optimizer: { type: 'adagrad', flavor: 'keras', lr: 0.1, eps: 1e-10 } })), 'lrlab run f.ts --optimizer adagrad --lr 0.1 --set flavor=keras --set eps=1e-10 --iterations 200');
    for (const type of scheduleTypes) {
      const config = resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.5 }, schedule: { type }, iterations: 90 });
      assert.deepEqual(configOf(runCommandLine('f.ts', null, config)).config, config, type);
    }
  });

  it('says only what differs from the defaults', () => {
    assert.equal(runCommandLine('f.ts', null, resolveRunConfig({ optimizer: { type: 'adam', lr: 0.1 }, iterations: 1000 })), 'lrlab run f.ts --optimizer adam --lr 0.1 --iterations 1000');
    assert.equal(
      runCommandLine('f.ts', 'g', resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.002, momentum: 0.9 }, schedule: { type: 'cosine' }, iterations: 300 })),
      'lrlab run f.ts --objective g --optimizer sgd --lr 0.002 --set momentum=0.9 --schedule cosine --iterations 300',
    );
  });

  it('quotes words a shell would split or expand', () => {
    assert.equal(quote('a.ts'), 'a.ts');
    assert.equal(quote('my file.ts'), "'my file.ts'");
    assert.equal(quote("it's"), "'it'\\''s'");
    assert.equal(quote('betas=[0.9,0.99]'), "'betas=[0.9,0.99]'");
  });
});
