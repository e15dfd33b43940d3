import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applySet, parseSetValue, pointNamed, rawRunConfig, readJsonObject } from '../../../src/cli/configFlags';
import { resolveRunConfig } from '../../../src/core/minimize/config';

const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-flags-'));
function jsonFile(name: string, content: string): string {
  writeFileSync(path.join(dir, name), content);
  return name;
}

describe('parseSetValue', () => {
  it('parseSetValue reads JSON, then comma lists, then plain words', () => {
    assert.equal(parseSetValue('0.9'), 0.9);
    assert.equal(parseSetValue('true'), true);
    assert.equal(parseSetValue('null'), null);
    assert.deepEqual(parseSetValue('[30, 80]'), [30, 80]);
    assert.deepEqual(parseSetValue('0.9,0.99'), [0.9, 0.99]);
    assert.equal(parseSetValue('cosine'), 'cosine');
    assert.deepEqual(parseSetValue('{"type":"cosine"}'), { type: 'cosine' });
  });
});

describe('applySet', () => {
  it('applySet puts a bare name into the optimizer and a dotted path where it says', () => {
    const raw: Record<string, unknown> = {};
    applySet(raw, 'momentum=0.9', 'optimizer');
    applySet(raw, 'schedule.tMax=50', 'optimizer');
    applySet(raw, 'tolerance.gradNorm=1e-6', 'optimizer');
    applySet(raw, 'clip.maxNorm=1', 'optimizer');
    applySet(raw, 'iterations=7', 'optimizer');
    assert.deepEqual(raw, { optimizer: { type: 'adam', momentum: 0.9 }, schedule: { type: 'constant', tMax: 50 }, tolerance: { gradNorm: 1e-6 }, clip: { maxNorm: 1 }, iterations: 7 });
  });

  it('applySet on a schedule config sets its options directly, nested ones by path', () => {
    const raw: Record<string, unknown> = { type: 'warmup', schedule: { type: 'cosine' } };
    applySet(raw, 'warmupSteps=5', null);
    applySet(raw, 'schedule.etaMin=0.01', null);
    assert.deepEqual(raw, { type: 'warmup', warmupSteps: 5, schedule: { type: 'cosine', etaMin: 0.01 } });
  });

  it('applySet rejects an assignment without a name or into a value', () => {
    assert.throws(() => applySet({}, 'momentum', 'optimizer'), { code: 'usage', message: /--set needs NAME=VALUE/ });
    assert.throws(() => applySet({}, '=1', 'optimizer'), { code: 'usage' });
    assert.throws(() => applySet({ iterations: 3 }, 'iterations.x=1', 'optimizer'), { code: 'usage', message: /iterations is 3, not an object/ });
  });
});

describe('rawRunConfig', () => {
  it('rawRunConfig lets flags override the config file', () => {
    const file = jsonFile('run.json', JSON.stringify({ optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 }, schedule: { type: 'cosine', etaMin: 0.01 }, iterations: 10, seed: 3 }));
    const raw = rawRunConfig({ config: file, lr: '0.1', iterations: '20', x0: '-1.2,1', 'batch-size': '4', gradient: 'numeric', seed: '7' }, dir);
    assert.deepEqual(raw, { optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, schedule: { type: 'cosine', etaMin: 0.01 }, iterations: 20, seed: 7, x0: [-1.2, 1], batchSize: 4, gradient: 'numeric' });
  });

  it('rawRunConfig replaces the optimizer and schedule when the flag names another type, keeps them for the same type', () => {
    const file = jsonFile('types.json', JSON.stringify({ optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 }, schedule: { type: 'cosine', etaMin: 0.01 } }));
    assert.deepEqual(rawRunConfig({ config: file, optimizer: 'adam', schedule: 'step' }, dir), { optimizer: { type: 'adam' }, schedule: { type: 'step' } });
    assert.deepEqual(rawRunConfig({ config: file, optimizer: 'adam', lr: '0.01' }, dir).optimizer, { type: 'adam', lr: 0.01 });
    assert.deepEqual(rawRunConfig({ config: file, optimizer: 'sgd', schedule: 'cosine' }, dir), { optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 }, schedule: { type: 'cosine', etaMin: 0.01 } });
  });

  it('rawRunConfig resolves to a full config with --set applied last', () => {
    const config = resolveRunConfig(rawRunConfig({ optimizer: 'sgd', lr: '0.1', set: ['momentum=0.9', 'nesterov=true', 'schedule.type=cosine', 'schedule.tMax=50'] }, dir));
    assert.deepEqual(config.optimizer, { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 });
    assert.equal(config.schedule.type, 'cosine');
    assert.equal(config.schedule.tMax, 50);
  });

  it('rawRunConfig names the flag and the value it cannot use', () => {
    assert.throws(() => rawRunConfig({ lr: 'fast' }, dir), { code: 'usage', message: '--lr must be a number (got "fast")' });
    assert.throws(() => rawRunConfig({ iterations: '2.5' }, dir), { code: 'usage', message: '--iterations must be a positive integer (got "2.5")' });
    assert.throws(() => rawRunConfig({ x0: '1,,2' }, dir), { code: 'usage', message: '--x0: entry 2 of 3 is empty; write e.g. --x0 -1.2,1' });
    assert.throws(() => rawRunConfig({ gradient: 'symbolic' }, dir), { code: 'usage', message: '--gradient must be one of auto, exact, numeric (got "symbolic")' });
  });
});

describe('pointNamed', () => {
  it('names --x0 for a wrong-length x0 only when --x0 gave it (a --set x0=… is applied after it)', () => {
    assert.deepEqual(pointNamed({ x0: '1,2' }), { pointName: '--x0' });
    assert.deepEqual(pointNamed({ x0: '1,2', set: ['momentum=0.9'] }), { pointName: '--x0' });
    assert.deepEqual(pointNamed({ x0: '1,2', set: [' x0 =[1,2,3]'] }), {});
    assert.deepEqual(pointNamed({ set: ['x0=[1]'] }), {});
    assert.deepEqual(pointNamed({}), {});
  });
});

describe('readJsonObject', () => {
  it('readJsonObject points at the line and column of a JSON syntax error', () => {
    const file = jsonFile('broken.json', '{\n  "iterations": 10,\n  "seed": ,\n}');
    assert.throws(() => readJsonObject(file, dir), (e: { code: string; location: { file: string; line: number; column: number } }) => {
      assert.equal(e.code, 'usage');
      assert.deepEqual(e.location, { file, line: 3, column: 11 });
      return true;
    });
  });

  it('readJsonObject reads text that starts with { as the JSON itself', () => {
    assert.deepEqual(readJsonObject(' {"type": "cosine", "tMax": 50}', dir), { type: 'cosine', tMax: 50 });
    assert.throws(() => readJsonObject('{"type": "cosine", tMax: 50}', dir), {
      code: 'usage',
      message: '--config is not valid JSON: unexpected "t" at column 20 of {"type": "cosine", tMax: 50}',
    });
  });

  it('readJsonObject rejects a missing file and a document that is not an object', () => {
    assert.throws(() => readJsonObject('absent.json', dir), { code: 'usage', message: 'cannot read absent.json: no such file' });
    assert.throws(() => readJsonObject(jsonFile('list.json', '[1]'), dir), { code: 'usage', message: /must hold a JSON object/ });
  });
});
