import assert from 'node:assert/strict';
import { numberListFlag, parseCommand } from '../../../src/cli/args';
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
    assert.throws(() => numberListFlag('x0', ''), { code: 'usage' });
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
