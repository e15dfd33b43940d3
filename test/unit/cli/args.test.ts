import assert from 'node:assert/strict';
import { numberListFlag, parseCommand } from '../../../src/cli/args';
import { formatDuration, formatNumber } from '../../../src/cli/numbers';
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

describe('formatNumber', () => {
  it('formatNumber keeps six significant digits and switches to exponents outside [1e-4, 1e6)', () => {
    assert.equal(formatNumber(24.2), '24.2');
    assert.equal(formatNumber(232.86820482), '232.868');
    assert.equal(formatNumber(1.2426607e-5), '1.24266e-5');
    assert.equal(formatNumber(1e12), '1e+12');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '-Infinity');
    assert.equal(formatDuration(0.5), '500 µs');
    assert.equal(formatDuration(12.34), '12.3 ms');
    assert.equal(formatDuration(4567), '4.57 s');
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
