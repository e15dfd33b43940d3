import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { numberListFlag, parseCommand } from '../../../src/cli/args';
import { LrLabError } from '../../../src/core/errors';
import { selectSteps } from '../../../src/cli/output/runTable';

const OPTIONS = { x0: { type: 'string' }, lr: { type: 'string' }, set: { type: 'string', multiple: true }, help: { type: 'boolean' } } as const;

describe('parseCommand', () => {
  it('parseCommand takes a negative number after a flag as its value', () => {
    const { values, positionals } = parseCommand('run', ['f.ts', '--x0', '-1.2,1', '--lr', '.5', '--set', 'a=1', '--set', 'b=2'], OPTIONS);
    assert.deepEqual(positionals, ['f.ts']);
    assert.deepEqual({ ...values }, { x0: '-1.2,1', lr: '.5', set: ['a=1', 'b=2'] });
  });

  it('parseCommand turns parse errors into one-line usage errors', () => {
    assert.throws(() => parseCommand('run', ['--lrr', '1'], OPTIONS), { code: 'usage', message: 'unknown flag --lrr; did you mean --lr? (see lrlab help run)' });
    assert.throws(() => parseCommand('run', ['--lr'], OPTIONS), { code: 'usage', message: '--lr needs a value (see lrlab help run)' });
    assert.throws(() => parseCommand('run', ['--help=yes'], OPTIONS), { code: 'usage', message: '--help takes no value (see lrlab help run)' });
  });
});

describe('numberListFlag', () => {
  it('numberListFlag reads comma lists with or without brackets', () => {
    assert.deepEqual(numberListFlag('x0', '-1.2,1'), [-1.2, 1]);
    assert.deepEqual(numberListFlag('x0', '[1, 2e-3]'), [1, 0.002]);
    assert.throws(() => numberListFlag('x0', ''), { code: 'usage', message: '--x0 has no numbers; write e.g. --x0 -1.2,1' });
  });

  it('numberListFlag names the flag, the entry (from 1, of how many), what it holds and why', () => {
    const refused = (name: string, text: string, message: string, example?: string) =>
      assert.throws(() => numberListFlag(name, text, example), (e: unknown) => e instanceof LrLabError && e.code === 'usage' && e.message === message && e.text !== undefined);
    refused('x0', '1,abc', '--x0: entry 2 of 2, "abc", is not a number; write e.g. --x0 -1.2,1');
    refused('x0', '[1, 2, ]', '--x0: entry 3 of 3 is empty; write e.g. --x0 -1.2,1');
    refused('x0', 'NaN,1', '--x0: entry 1 of 2, "NaN", is not a finite number; write e.g. --x0 -1.2,1');
    refused('at', '1,-Infinity', '--at: entry 2 of 2, "-Infinity", is not a finite number; write e.g. --at -1.2,1');
    refused('at', '1e999', '--at: entry 1 of 1, "1e999", is not a finite number; write e.g. --at -1.2,1');
    refused('seed', '1,x', '--seed: entry 2 of 2, "x", is not a number; write e.g. --seed 0,1,2', '0,1,2');
    refused('x0', '  ', '--x0 has no numbers; write e.g. --x0 -1.2,1');
  });

  it('numberListFlag of integers (--seed, as the panel reads its seeds) names an entry that is not an integer', () => {
    assert.deepEqual(numberListFlag('seed', '0, -3,7', '0,1,2', true), [0, -3, 7]);
    assert.deepEqual(numberListFlag('x0', '0.5'), [0.5], 'a list that does not ask for integers takes fractions');
    assert.throws(() => numberListFlag('seed', '0,1.5', '0,1,2', true), { code: 'usage', message: '--seed: entry 2 of 2, "1.5", is not an integer; write e.g. --seed 0,1,2' });
    assert.throws(() => numberListFlag('seed', '0,,1', '0,1,2', true), { code: 'usage', message: '--seed: entry 2 of 3 is empty; write e.g. --seed 0,1,2' });
    l10n.config({ contents: JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
    try {
      assert.throws(() => numberListFlag('seed', '2e-1', '0,1,2', true), { code: 'usage', message: '--seed：共 1 项中的第 1 项 "2e-1" 不是整数；请写成例如 --seed 0,1,2' });
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('numberListFlag says it in the reader\'s language (zh-cn)', () => {
    l10n.config({ contents: JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
    try {
      assert.throws(() => numberListFlag('x0', '1,abc'), { code: 'usage', message: '--x0：共 2 项中的第 2 项 "abc" 不是数；请写成例如 --x0 -1.2,1' });
    } finally {
      l10n.config({ contents: {} });
    }
  });
});

describe('selectSteps', () => {
  it('selectSteps shows the first five, evenly spaced steps and the last', () => {
    assert.deepEqual(selectSteps(3), [1, 2, 3]);
    assert.deepEqual(selectSteps(6), [1, 2, 3, 4, 5, 6]);
    const steps = selectSteps(1000);
    assert.deepEqual(steps.slice(0, 5), [1, 2, 3, 4, 5]);
    assert.equal(steps[steps.length - 1], 1000);
    assert.equal(steps.length, 16);
    const gaps = steps.slice(5).map((s, i) => s - steps[4 + i]!);
    assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `gaps ${gaps}`);
  });
});
