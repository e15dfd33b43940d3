import assert from 'node:assert/strict';
import { previewSchedule, resolveScheduleConfig } from '../../../../src/core/schedules';
import { parseSnippet, snippetText } from '../../../../src/extension/codeActions/fileStyle';
import { formatRunDate, runComment, runScheduleInsertion, type RunScheduleSource } from '../../../../src/extension/codeActions/fromRun';
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
});
