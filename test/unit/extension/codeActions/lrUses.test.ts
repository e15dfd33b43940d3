import assert from 'node:assert/strict';
import { planChanges, planSchedule } from '../../../../src/extension/codeActions/editPlan';
import { applyChanges } from '../../../../src/extension/codeActions/fileStyle';
import { loopUsesOf, lrUseAt, siteOfUse } from '../../../../src/extension/codeActions/lrUses';
import { planTarget, scheduleTargetAt, schedulePickItems, sparkline } from '../../../../src/extension/codeActions/schedulePick';
import { SCHEDULE_SNIPPET_KINDS } from '../../../../src/core/codegen';
import { previewSchedule } from '../../../../src/core/schedules';
import { analyze } from './helpers';

/** The use marked `/*@*\/lr` in `text` (the marker removed): its analysis and offset. */
function at(text: string): { text: string; offset: number } {
  const offset = text.indexOf('/*@*/');
  assert.ok(offset >= 0, 'no /*@*/ marker');
  return { text: text.replace('/*@*/', ''), offset };
}

function useIn(source: string) {
  const { text, offset } = at(source);
  const analysis = analyze('uses.ts', text);
  return { analysis, text, use: lrUseAt(analysis, offset) };
}

describe('codeActions/lrUses: an lr read inside a loop with a counter', () => {
  it('for: the counter, its start and the loop length', () => {
    const { use } = useIn('const lr = 0.1;\nlet x = 1;\nfor (let epoch = 0; epoch < 50; epoch++) {\n  x -= /*@*/lr * x;\n}\n');
    assert.ok(use);
    assert.equal(use.name, 'lr');
    assert.equal(use.declaration.value, 0.1);
    assert.deepEqual(use.loop, { counter: 'epoch', startText: '0', start: 0, iterations: 50 });
  });

  it('the cursor anywhere on the name, at either end', () => {
    const text = 'const lr = 0.1;\nlet x = 1;\nfor (let i = 0; i < 5; i++) x -= lr * x;\n';
    const analysis = analyze('uses.ts', text);
    const start = text.lastIndexOf('lr');
    for (const offset of [start, start + 1, start + 2]) assert.equal(lrUseAt(analysis, offset)?.loop.counter, 'i', `offset ${offset}`);
    assert.equal(lrUseAt(analysis, start - 2), null, 'on `-=`');
  });

  it('for…of over .entries() and Array(N).keys(): counters from 0, the length when it is known', () => {
    const entries = useIn('const lr = 0.1;\nconst xs = [1, 2];\nfor (const [k, v] of xs.entries()) {\n  console.log(v * /*@*/lr);\n}\n').use;
    assert.deepEqual(entries?.loop, { counter: 'k', startText: '0', start: 0, iterations: null });
    const keys = useIn('const lr = 0.1;\nconst EPOCHS = 30;\nfor (const epoch of Array(EPOCHS).keys()) {\n  console.log(/*@*/lr);\n}\n').use;
    assert.deepEqual(keys?.loop, { counter: 'epoch', startText: '0', start: 0, iterations: 30 });
    assert.equal(useIn('const lr = 0.1;\nfor (const v of [1, 2]) {\n  console.log(v * /*@*/lr);\n}\n').use, null, 'for…of without a counter');
  });

  it('while with a counter: the bound, and a use after the increment reads one more', () => {
    const before = useIn('const lr = 0.1;\nlet step = 1;\nwhile (step <= 100) {\n  console.log(/*@*/lr);\n  step++;\n}\n').use;
    assert.deepEqual(before?.loop, { counter: 'step', startText: '1', start: 1, iterations: 100 });
    const after = useIn('const lr = 0.1;\nlet t = 0;\nwhile (t < 20) {\n  t += 1;\n  console.log(/*@*/lr);\n}\n').use;
    assert.deepEqual(after?.loop, { counter: 't', startText: '1', start: 1, iterations: 20 });
    assert.equal(useIn('const lr = 0.1;\nlet t = 0;\nwhile (t < 20) {\n  t++;\n  if (t > 3) t++;\n  console.log(/*@*/lr);\n}\n').use, null, 'a counter changed twice');
    assert.equal(useIn('const lr = 0.1;\nlet t = 0;\nwhile (t < 20) {\n  console.log(/*@*/lr);\n}\n').use, null, 'never incremented');
  });

  it('nested loops: the innermost loop with a counter', () => {
    const inner = useIn('const lr = 0.1;\nfor (let epoch = 0; epoch < 10; epoch++) {\n  for (let b = 0; b < 4; b++) {\n    console.log(/*@*/lr);\n  }\n}\n').use;
    assert.equal(inner?.loop.counter, 'b');
    const outer = useIn('const lr = 0.1;\nconst batches = [[1], [2]];\nfor (let epoch = 0; epoch < 10; epoch++) {\n  for (const batch of batches) {\n    console.log(batch, /*@*/lr);\n  }\n}\n').use;
    assert.deepEqual(outer?.loop, { counter: 'epoch', startText: '0', start: 0, iterations: 10 });
  });

  it('nothing outside a loop, on the declaration, when lr is declared in the loop, or when it changes', () => {
    assert.equal(useIn('const lr = 0.1;\nconsole.log(/*@*/lr);\n').use, null, 'outside a loop');
    assert.equal(useIn('const /*@*/lr = 0.1;\nfor (let i = 0; i < 3; i++) console.log(lr);\n').use, null, 'the declaration');
    assert.equal(useIn('for (let i = 0; i < 3; i++) {\n  const lr = 0.1;\n  console.log(/*@*/lr);\n}\n').use, null, 'declared in the loop');
    assert.equal(useIn('let lr = 0.1;\nfor (let i = 0; i < 3; i++) {\n  console.log(/*@*/lr);\n  lr *= 0.9;\n}\n').use, null, 'a let that changes');
    assert.ok(useIn('let lr = 0.1;\nfor (let i = 0; i < 3; i++) {\n  console.log(/*@*/lr);\n}\n').use, 'a let that never changes');
    assert.equal(useIn('const lr = 0.1;\nconst o = { lr: 1 };\nfor (let i = 0; i < 3; i++) console.log(o./*@*/lr);\n').use, null, 'a member');
  });

  it('a shadowed lr is not the declaration', () => {
    assert.equal(useIn('const lr = 0.1;\nfunction f(lr: number) {\n  for (let i = 0; i < 3; i++) console.log(/*@*/lr);\n}\n').use, null, 'a parameter');
    assert.equal(useIn('const lr = 0.1;\nfor (let i = 0; i < 3; i++) {\n  const lr = 0.2 * i;\n  console.log(/*@*/lr);\n}\n').use, null, 'an inner const');
    assert.equal(useIn('const lr = 0.1;\nfor (const lr of [1, 2]) {\n  for (let i = 0; i < 3; i++) console.log(/*@*/lr);\n}\n').use, null, 'a loop variable');
  });

  it('a function using a top-level lr in its loop', () => {
    const { use } = useIn('const lr = 0.05;\nexport function train(x: number): number {\n  for (let epoch = 1; epoch <= 10; epoch++) x -= /*@*/lr * x;\n  return x;\n}\n');
    assert.deepEqual(use?.loop, { counter: 'epoch', startText: '1', start: 1, iterations: 10 });
  });
});

describe('codeActions/lrUses: the plan rewrites the use, not the declaration', () => {
  it('cosine: the function above the declaration, `lr` → `learningRate(epoch)`, the declaration kept', () => {
    const { analysis, text, use } = useIn('const lr = 0.1;\nlet x = 1;\nfor (let epoch = 0; epoch < 50; epoch++) {\n  x -= /*@*/lr * x;\n}\n');
    const cosine = SCHEDULE_SNIPPET_KINDS.find((k) => k.id === 'cosine')!;
    const plan = planSchedule(analysis, siteOfUse(use!), cosine);
    assert.equal(plan.horizon, 50);
    assert.deepEqual(plan.replacement, { start: text.indexOf('lr * x'), end: text.indexOf('lr * x') + 2, text: 'learningRate(epoch)' });
    const out = applyChanges(text, planChanges(plan));
    assert.ok(out.endsWith('const lr = 0.1;\nlet x = 1;\nfor (let epoch = 0; epoch < 50; epoch++) {\n  x -= learningRate(epoch) * x;\n}\n'), out);
    assert.match(out, /^\/\*\*[\s\S]*function learningRate\(step: number\): number \{[\s\S]*cosineLr\(step, 0\.1, 50, 0\)/);
  });

  it('a counter from 1 is passed as `epoch - 1`', () => {
    const { analysis, use } = useIn('const lr = 0.05;\nexport function train(x: number): number {\n  for (let epoch = 1; epoch <= 10; epoch++) x -= /*@*/lr * x;\n  return x;\n}\n');
    const plan = planSchedule(analysis, siteOfUse(use!), SCHEDULE_SNIPPET_KINDS.find((k) => k.id === 'step')!);
    assert.equal(plan.replacement?.text, 'learningRate(epoch - 1)');
  });
});

describe('codeActions/schedulePick: the quick pick of schedules', () => {
  it('sparkline: bars from min to max, sampled first to last, flat in the middle', () => {
    assert.equal(sparkline([1, 0.5, 0], 3), '█▅▁');
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([2, 2, 2], 24), '▄▄▄');
    assert.equal(sparkline([0, 10, 20, 30, 40], 3), '▁▅█');
    assert.equal(sparkline([], 5), '');
  });

  it('one item per kind, each the per-kind plan, with its curve over the loop and the horizon', () => {
    const { analysis, use } = useIn('const lr = 0.1;\nlet x = 1;\nfor (let epoch = 0; epoch < 50; epoch++) {\n  x -= /*@*/lr * x;\n}\n');
    const target = scheduleTargetAt(analysis, use!.range.start)!;
    assert.deepEqual(target.uses, [use]);
    const items = schedulePickItems(analysis, target);
    assert.deepEqual(items.map((i) => i.target.plan.kind.id), SCHEDULE_SNIPPET_KINDS.map((k) => k.id));
    const cosine = items.find((i) => i.target.plan.kind.id === 'cosine')!;
    const plan = planSchedule(analysis, siteOfUse(use!), cosine.target.plan.kind);
    assert.deepEqual(cosine.target, { plan, replacements: [plan.replacement] });
    assert.equal(cosine.label, 'Cosine annealing (CosineAnnealingLR)');
    assert.equal(cosine.description, `${sparkline(previewSchedule(plan.config, 0.1, 50))}  0.1 → 0.0000987`);
    assert.equal(cosine.detail, '50 steps (the loop’s length) · `lr` becomes `learningRate(epoch)`');
    const loss = items.find((i) => i.target.plan.kind.id === 'lossBased')!;
    assert.deepEqual(loss.target.replacements, [], 'function only');
    assert.equal(loss.description, 'follows the loss');
    assert.match(loss.detail, /function only: there is no `loss` variable declared before it$/);
  });

  it('an unknown loop length: the default horizon, said so', () => {
    const { analysis, use } = useIn('const lr = 0.1;\nconst xs = [1, 2];\nfor (const [k, v] of xs.entries()) {\n  console.log(v * /*@*/lr);\n}\n');
    const [first] = schedulePickItems(analysis, scheduleTargetAt(analysis, use!.range.start)!);
    assert.match(first!.detail, /^\d+ steps \(the loop’s length is not a known number: LR Lab’s default\) · `lr` becomes `learningRate\(k\)`$/);
  });
});

describe('codeActions/lrUses: the declaration `const lr = 0.1` before a loop that reads it', () => {
  const TRAIN = [
    'export function train(w: number, b: number): number {',
    '  const lr = 0.1;',
    '  console.log(`base lr ${lr}`);',
    '  for (let epoch = 0; epoch < 40; epoch++) {',
    '    w -= lr * 2 * w;',
    '    b -= lr * b;',
    '  }',
    '  for (let k = 0; k < 3; k++) w -= lr * w;',
    '  return w + b;',
    '}',
    '',
  ].join('\n');
  const analysis = analyze('train.ts', TRAIN);
  const declaration = TRAIN.indexOf('lr = 0.1');

  it('its reads in the first counted loop, each with the loop; the log before and the second loop keep the constant', () => {
    const site = analysis.scan.sites.find((s) => s.name === 'lr')!;
    const uses = loopUsesOf(analysis, site);
    assert.deepEqual(uses.map((u) => TRAIN.slice(u.range.start, u.range.end + 4)), ['lr * 2', 'lr * b']);
    assert.ok(uses.every((u) => u.loop.counter === 'epoch' && u.loop.iterations === 40));
  });

  it('the cursor on the declaration (name or value) targets those reads; the plan rewrites both and keeps the declaration', () => {
    for (const offset of [declaration, declaration + 1, TRAIN.indexOf('0.1')]) {
      const target = scheduleTargetAt(analysis, offset);
      assert.equal(target?.uses.length, 2, `offset ${offset}`);
    }
    const target = scheduleTargetAt(analysis, declaration)!;
    const cosine = planTarget(analysis, target, SCHEDULE_SNIPPET_KINDS.find((k) => k.id === 'cosine')!);
    assert.equal(cosine.plan.horizon, 40);
    const text = applyChanges(TRAIN, planChanges({ insertion: cosine.plan.insertion }).concat(cosine.replacements).sort((a, b) => a.start - b.start));
    assert.ok(text.includes('    w -= learningRate(epoch) * 2 * w;\n    b -= learningRate(epoch) * b;\n'), text);
    assert.ok(text.includes('  const lr = 0.1;\n  console.log(`base lr ${lr}`);\n'), text);
    assert.ok(text.includes('  for (let k = 0; k < 3; k++) w -= lr * w;\n'), text);
    assert.ok(text.includes('  return cosineLr(step, 0.1, 40, 0);\n'), text);
    const [item] = schedulePickItems(analysis, target).filter((i) => i.target.plan.kind.id === 'cosine');
    assert.equal(item!.detail, '40 steps (the loop’s length) · 2 reads of `lr` in the loop become `learningRate(epoch)`');
  });

  it('a loss-based schedule rewrites every read or none: the plan is function only without a `loss`', () => {
    const target = scheduleTargetAt(analysis, declaration)!;
    const loss = planTarget(analysis, target, SCHEDULE_SNIPPET_KINDS.find((k) => k.id === 'lossBased')!);
    assert.deepEqual(loss.replacements, []);
    assert.match(loss.plan.functionOnlyReason ?? '', /no `loss` variable/);
  });

  it('no reads in a counted loop (a `let` changed later, a read outside loops): the site alone, function only', () => {
    const changed = analyze('a.ts', 'let lr = 0.1;\nlet x = 1;\nfor (let i = 0; i < 5; i++) x -= lr * x;\nlr = 0.2;\n');
    assert.deepEqual(scheduleTargetAt(changed, 4)?.uses, []);
    const outside = analyze('b.ts', 'const lr = 0.1;\nexport const y = lr * 2;\n');
    const target = scheduleTargetAt(outside, 6)!;
    assert.deepEqual(target.uses, []);
    const [first] = schedulePickItems(outside, target);
    assert.match(first!.detail, /^\d+ steps \(LR Lab’s default run length\) · function only: /);
  });
});
