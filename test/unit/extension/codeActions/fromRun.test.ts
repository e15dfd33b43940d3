import assert from 'node:assert/strict';
import { createOptimizer, resolveOptimizerConfig } from '../../../../src/core/optimizers';
import { previewSchedule, resolveScheduleConfig } from '../../../../src/core/schedules';
import { parseSnippet, snippetText } from '../../../../src/extension/codeActions/fileStyle';
import { formatRunDate, runComment, runOptimizerInsertion, runScheduleInsertion, type RunOptimizerSource, type RunScheduleSource } from '../../../../src/extension/codeActions/fromRun';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';
import { evaluate, typeErrors } from './evaluate';
import { analyze, fixtureText } from './helpers';

function run(schedule: Record<string, unknown> & { type: string }, lr: number, totalSteps: number): RunScheduleSource {
  return {
    label: `sgd lr=${lr} · ${schedule.type}`,
    objective: { name: 'quadraticBowl', label: 'fixtures/quadraticBowl.ts' },
    startedAt: new Date(2025, 5, 1, 14, 3, 59).getTime(),
    schedule: resolveScheduleConfig(schedule, { baseLr: lr, totalSteps }),
    lr,
  };
}

describe('codeActions/fromRun: the schedule of a run as code', () => {
  it('runComment names the run, the objective and the local date', () => {
    const r = run({ type: 'cosine' }, 0.05, 50);
    assert.equal(formatRunDate(r.startedAt), '2025-06-01 14:03');
    assert.equal(runComment(r), '// Learning-rate schedule of the LR Lab run "sgd lr=0.05 · cosine" on quadraticBowl (fixtures/quadraticBowl.ts), 2025-06-01 14:03.');
  });

  it('warmup + cosine from a run: the code gives the run’s lr at every step; the snippet’s tab stops hold the run’s values', () => {
    const r = run({ type: 'warmup', warmupSteps: 7, startFactor: 0.25, schedule: { type: 'cosine', etaMin: 0.002 } }, 0.1, 60);
    const source = analyze('loop.ts');
    const insertion = runScheduleInsertion(source, r, false);
    assert.ok(insertion.text.startsWith(`${runComment(r)}\n/**\n`));
    assert.ok(!insertion.text.endsWith('\n'));
    const parts = parseSnippet(insertion.snippet);
    assert.ok(parts);
    assert.equal(snippetText(parts), insertion.text);
    const defaults = parts.filter((p) => p.kind === 'placeholder').map((p) => (p as { text: string }).text);
    for (const value of ['0.1', '7', '0.25', '53', '2e-3']) assert.ok(defaults.includes(value), `tab stop ${value} in ${defaults.join(', ')}`);
    assert.equal(parts[parts.length - 1]!.kind, 'final');
    // The inserted function, evaluated, gives the engine's lr for the run's 60 steps.
    const module = evaluate(`${insertion.text}\nexport { ${insertion.code.functionName} };\n`);
    const lrOf = module[insertion.code.functionName] as (step: number) => number;
    const expected = previewSchedule(r.schedule, r.lr, 60);
    expected.forEach((lr, t) => assert.equal(lrOf(t), lr, `step ${t}`));
  });

  it('after a line with text: a blank line first; in a tab / CRLF / double-quote file: that style; names avoid the file’s', () => {
    const text = fixtureText('tabsCrlfDouble.ts').replace('export function schedule', 'function learningRate(): void {}\r\nexport function schedule');
    const source = new SourceAnalysis(text, 'tabsCrlfDouble.ts');
    const r = run({ type: 'oneCycle' }, 0.2, 40);
    const insertion = runScheduleInsertion(source, r, true);
    assert.ok(insertion.text.startsWith(`\r\n\r\n${runComment(r)}\r\n`));
    assert.ok(!/[^\r]\n/.test(insertion.text), 'CRLF only');
    assert.ok(insertion.text.includes('\t\t'), 'tab indentation');
    assert.ok(insertion.text.includes('"cos"'));
    assert.equal(insertion.code.functionName, 'learningRate2');
    const edited = text.replace('\tfor (let epoch', `${insertion.text.replace(/^(\r\n)+/, '')}\r\n\tfor (let epoch`);
    assert.deepEqual(typeErrors({ 'tabsCrlfDouble.ts': edited }).filter((e) => !/is declared but/.test(e)), []);
  });

  describe('the optimizer of a run as code', () => {
    function optimizerRun(optimizer: Record<string, unknown> & { type: string }): RunOptimizerSource {
      return { label: `${optimizer.type} run`, objective: { name: 'quadraticBowl', label: 'fixtures/quadraticBowl.ts' }, startedAt: new Date(2025, 5, 1, 14, 3).getTime(), optimizer: resolveOptimizerConfig(optimizer) };
    }
    /** A gradient that changes from step to step (a tilted bowl with a wiggle), and its function. */
    const gradientAt = (x: Float64Array, out: Float64Array): void => x.forEach((v, i) => (out[i] = 2 * (v - i) + Math.sin(3 * v)));
    const lossAt = (x: Float64Array): number => x.reduce((f, v, i) => f + (v - i) ** 2 - Math.cos(3 * v) / 3, 0);

    // One of each kind: lr-free with options set, the one that evaluates the objective itself, a sign-based one, schedule-free (y/x).
    const configs = [
      { type: 'prodigy', d0: 0.01, weightDecay: 0.1, safeguardWarmup: true },
      { type: 'lbfgs', lr: 0.5, lineSearchFn: 'strongWolfe', historySize: 4 },
      { type: 'lion', lr: 0.02, betas: [0.8, 0.95] },
      { type: 'adamwScheduleFree', lr: 0.05, warmupSteps: 3 },
    ];
    for (const config of configs) {
      it(`${config.type}: the run’s kernels and options, named after the run; 12 steps bit-identical to the engine with the run’s config`, () => {
        const r = optimizerRun(config);
        const insertion = runOptimizerInsertion(analyze('loop.ts'), r, false);
        const { code } = insertion;
        assert.ok(insertion.text.startsWith(`${runComment(r, 'Optimizer')}\n`));
        assert.equal(runComment(r, 'Optimizer'), `// Optimizer of the LR Lab run "${config.type} run" on quadraticBowl (fixtures/quadraticBowl.ts), 2025-06-01 14:03.`);
        const parts = parseSnippet(insertion.snippet);
        assert.ok(parts);
        assert.equal(snippetText(parts), insertion.text);
        const defaults = parts.filter((p) => p.kind === 'placeholder').map((p) => (p as { text: string }).text);
        for (const [option, value] of Object.entries(config)) {
          if (option === 'type') continue;
          for (const v of [value].flat()) assert.ok(defaults.includes(typeof v === 'string' ? `'${v}'` : String(v)), `${option}: tab stop ${String(v)} in ${defaults.join(', ')}`);
        }
        assert.deepEqual(typeErrors({ 'inserted.ts': `${insertion.text}\nexport { ${code.initName}, ${code.stepName}, ${code.optionsName} };\n` }), []);

        const module = evaluate(`${insertion.text}\nexport { ${code.initName}, ${code.stepName}, ${code.optionsName} };\n`);
        const init = module[code.initName] as (dim: number, options: unknown) => unknown;
        const step = module[code.stepName] as (x: Float64Array, g: Float64Array, state: unknown, lr: number, options: unknown, loss?: number, closure?: () => number) => void;
        const options = module[code.optionsName];
        const engine = createOptimizer(r.optimizer);
        const ours = Float64Array.from([1.5, -0.5, 2, 0.25]);
        const theirs = Float64Array.from(ours);
        const [gOurs, gTheirs] = [new Float64Array(4), new Float64Array(4)];
        const [sOurs, sTheirs] = [init(4, options), engine.init(4)];
        const closure = (x: Float64Array, g: Float64Array) => () => (gradientAt(x, g), lossAt(x));
        for (let k = 0; k < 12; k++) {
          const lr = r.optimizer.lr * (1 - k / 24); // a decaying schedule's lr
          gradientAt(ours, gOurs);
          gradientAt(theirs, gTheirs);
          step(ours, gOurs, sOurs, lr, options, lossAt(ours), closure(ours, gOurs));
          engine.step(theirs, gTheirs, sTheirs, lr, lossAt(theirs), closure(theirs, gTheirs));
          ours.forEach((v, i) => assert.ok(Object.is(v, theirs[i]), `step ${k + 1}, x[${i}]: engine ${theirs[i]}, inserted ${v}`));
        }
        assert.notDeepEqual(Array.from(theirs), [1.5, -0.5, 2, 0.25], 'the steps moved');
      });
    }

    it('after a line with text: a blank line first; names avoid the file’s (a file that has its own lionStep)', () => {
      const text = `${fixtureText('loop.ts')}\nexport function lionStep(): void {}\n`;
      const insertion = runOptimizerInsertion(new SourceAnalysis(text, 'loop.ts'), optimizerRun({ type: 'lion' }), true);
      assert.ok(insertion.text.startsWith('\n\n// Optimizer of the LR Lab run'));
      assert.equal(insertion.code.stepName, 'lionStep2');
      assert.deepEqual(typeErrors({ 'loop.ts': `${text}${insertion.text}\n` }).filter((e) => !/is declared but/.test(e)), []);
    });
  });
});
