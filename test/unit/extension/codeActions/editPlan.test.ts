import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import * as ts from 'typescript';
import { SCHEDULE_SNIPPET_KINDS, type ScheduleSnippetKind } from '../../../../src/core/codegen';
import { DEFAULT_HORIZON, planChanges, planSchedule, scheduleActionTitle, type ScheduleEditPlan } from '../../../../src/extension/codeActions/editPlan';
import { applyChanges, parseSnippet, snippetText } from '../../../../src/extension/codeActions/fileStyle';
import type { LrSite } from '../../../../src/extension/codeActions/lrSites';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';
import { evaluate, syntaxErrors, typeErrors } from './evaluate';
import { analyze, fixtureText } from './helpers';

function kind(id: string): ScheduleSnippetKind {
  const found = SCHEDULE_SNIPPET_KINDS.find((k) => k.id === id);
  assert.ok(found, `no schedule kind ${id}`);
  return found;
}

function only<T>(items: readonly T[], what: string): T {
  assert.equal(items.length, 1, `one ${what}`);
  return items[0]!;
}

function siteWithValue(source: SourceAnalysis, value: number): LrSite {
  return only(
    source.scan.sites.filter((s) => s.value === value),
    `site with value ${value}`,
  );
}

/**
 * The edit is the plan's insertion (text added, nothing removed) plus, at most, the literal
 * replaced: the rest of the file is byte-identical.
 */
function assertOnlyPlannedChanges(original: string, plan: ScheduleEditPlan, site: LrSite): string {
  const result = applyChanges(original, planChanges(plan));
  const { offset, text } = plan.insertion;
  assert.equal(result.slice(0, offset), original.slice(0, offset), 'text before the insertion is unchanged');
  assert.equal(result.slice(offset, offset + text.length), text, 'the insertion is inserted as planned');
  const after = result.slice(offset + text.length);
  const expectedAfter = plan.replacement
    ? original.slice(offset, site.literal.start) + plan.replacement.text + original.slice(site.literal.end)
    : original.slice(offset);
  assert.equal(after, expectedAfter, 'text after the insertion is unchanged but for the literal');
  if (plan.replacement) assert.deepEqual([plan.replacement.start, plan.replacement.end], [site.literal.start, site.literal.end]);
  return result;
}

/** lr of CosineAnnealingLR's closed form (PyTorch docs), etaMin 0. */
const cosine = (base: number, tMax: number, t: number): number => (base * (1 + Math.cos((Math.PI * t) / tMax))) / 2;

function assertClose(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) <= 1e-15 * Math.max(1, Math.abs(expected[i]!)), `${what}[${i}]: ${a} vs ${expected[i]}`));
}

describe('codeActions/editPlan: why a schedule goes in as a function only, in the display language', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('says it in Chinese with the zh-cn bundle (the quick pick shows it), in English without one', () => {
    l10n.config({ contents: JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
    const source = analyze('topLevel.ts');
    const plan = planSchedule(source, only(source.scan.sites, 'site'), kind('exponential'));
    assert.equal(plan.functionOnlyReason, '该值不在循环中');
    assert.match(scheduleActionTitle(plan), /^添加学习率调度/);
  });
});

describe('codeActions/editPlan: schedules', () => {
  it('top-level `const lr = 0.01;` (topLevel.ts): the function goes above the comment attached to the statement, the site stays', () => {
    const original = fixtureText('topLevel.ts');
    const source = analyze('topLevel.ts', original);
    const site = only(source.scan.sites, 'site');
    const plan = planSchedule(source, site, kind('exponential'));
    assert.equal(plan.replacement, null);
    assert.equal(plan.functionOnlyReason, 'the value is not in a loop');
    assert.equal(scheduleActionTitle(plan), 'Add a learning-rate schedule (function only): Exponential decay (ExponentialLR)');
    assert.equal(plan.horizon, DEFAULT_HORIZON);
    assert.equal(plan.insertion.offset, original.indexOf('// The base learning rate.'), 'inserted above the attached comment, after the blank line');
    const result = assertOnlyPlannedChanges(original, plan, site);
    assert.ok(plan.insertion.text.endsWith('function learningRate(step: number): number {\n  return exponentialLr(step, 0.01, 0.99);\n}\n\n'), plan.insertion.text.slice(-200));
    assert.ok(!/^export /m.test(plan.insertion.text), 'the helper is not exported');
    assert.ok(result.includes('}\n\n// The base learning rate.\nconst lr = 0.01;\n'));
    assert.deepEqual(syntaxErrors(result), []);
  });

  it('`const lr = 0.01` in `for (let step = 0; step < 200; step++)` (loop.ts): learningRate(step), cosine tMax 200, JSDoc stays on its function', () => {
    const original = fixtureText('loop.ts');
    const source = analyze('loop.ts', original);
    const site = only(source.scan.sites, 'site');
    const plan = planSchedule(source, site, kind('cosine'));
    assert.deepEqual(plan.config, { type: 'cosine', tMax: 200, etaMin: 0 });
    assert.equal(plan.horizon, 200);
    assert.equal(plan.functionName, 'learningRate');
    assert.deepEqual(plan.replacement, { start: site.literal.start, end: site.literal.end, text: 'learningRate(step)' });
    assert.equal(scheduleActionTitle(plan), 'Replace with a learning-rate schedule: Cosine annealing (CosineAnnealingLR)');
    const result = assertOnlyPlannedChanges(original, plan, site);
    assert.ok(result.startsWith('// Gradient descent on x² with a hand-written loop.\n\n/**\n'), 'the header comment (blank line after it) stays above');
    assert.ok(result.includes('  return cosineLr(step, 0.01, 200, 0);\n}\n\n/** Returns the lr of each step. */\nexport function descend('));
    assert.ok(result.includes('    const lr = learningRate(step);\n'));
    const lrs = (evaluate(result).descend as (x: number) => number[])(3);
    assertClose(
      lrs,
      Array.from({ length: 200 }, (_, t) => cosine(0.01, 200, t)),
      'lr of each step',
    );
    assert.deepEqual(typeErrors({ 'loop.ts': result }), []);
  });

  it('`{ lr: 0.001 }` in `for (let i = 1; i <= 50; i++)` (objectInLoop.ts): learningRate(i - 1), 50 steps', () => {
    const original = fixtureText('objectInLoop.ts');
    const source = analyze('objectInLoop.ts', original);
    const site = only(source.scan.sites, 'site');
    assert.equal(site.kind, 'property');
    const cos = planSchedule(source, site, kind('cosine'));
    assert.equal(cos.horizon, 50);
    assert.equal(cos.config.tMax, 50);
    const plan = planSchedule(source, site, kind('linear'));
    assert.equal(plan.replacement?.text, 'learningRate(i - 1)');
    const result = assertOnlyPlannedChanges(original, plan, site);
    assert.ok(result.includes('    const options = { lr: learningRate(i - 1), momentum: 0.9 };\n'));
    assert.equal(plan.insertion.offset, 0, 'the function goes at the top, before the only statement');
    assert.ok(plan.insertion.text.endsWith('}\n\n'));
    // "Linear decay to 0": LinearLR(start_factor=1, end_factor=0, total_iters=50 — the loop's length): lr_t = base·(1 − t/50).
    assert.deepEqual(plan.config, { type: 'linear', startFactor: 1, endFactor: 0, totalIters: 50 });
    const used = (evaluate(result).run as () => number[])();
    assertClose(
      used,
      Array.from({ length: 50 }, (_, t) => 0.001 * (1 - t / 50)),
      'lr of each i',
    );
    assert.deepEqual(typeErrors({ 'objectInLoop.ts': result }), []);
  });

  it('a tab-indented, CRLF, double-quoted file (tabsCrlfDouble.ts): the code follows all three; the bound is a const (EPOCHS = 30)', () => {
    const original = fixtureText('tabsCrlfDouble.ts');
    assert.ok(original.includes('\r\n\t') && !/[^\r]\n/.test(original), 'the fixture is CRLF with tabs (check git did not convert it)');
    const source = analyze('tabsCrlfDouble.ts', original);
    assert.deepEqual(source.style, { eol: '\r\n', indent: '\t', quote: '"' });
    const site = only(source.scan.sites, 'site');
    const plan = planSchedule(source, site, kind('oneCycle'));
    assert.equal(plan.horizon, 30);
    assert.equal(plan.config.totalSteps, 30);
    assert.equal(plan.replacement?.text, 'learningRate(epoch)');
    const result = assertOnlyPlannedChanges(original, plan, site);
    const inserted = plan.insertion.text;
    assert.ok(!/[^\r]\n/.test(inserted) && inserted.endsWith('\r\n\r\n'), 'every line break is CRLF');
    const lines = inserted.split('\r\n');
    assert.ok(lines.some((l) => l.startsWith('\t\t')), 'nested lines are indented with tabs');
    assert.deepEqual(lines.filter((l) => /^ {2}/.test(l)), [], 'no line is indented with spaces');
    const strings: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node)) strings.push(node.getText());
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile('x.ts', inserted, ts.ScriptTarget.Latest, true));
    assert.ok(strings.length > 0 && strings.every((s) => s.startsWith('"')), `string literals: ${strings.join(' ')}`);
    assert.ok(inserted.includes('oneCycleLr(step, 0.1, 30, 0.3, "cos", 25, 1e4, false)'));
    assert.equal(plan.insertion.offset, original.indexOf('export function schedule'));
    // OneCycleLR: starts at maxLr/divFactor, reaches maxLr at step pctStart·total − 1 = 8, ends at (maxLr/divFactor)/finalDivFactor.
    const seen = (evaluate(result).schedule as () => number[])();
    assert.equal(seen.length, 30);
    assert.ok(Math.abs(seen[0]! - 0.1 / 25) < 1e-17);
    assert.ok(Math.abs(seen[8]! - 0.1) < 1e-16);
    assert.ok(Math.abs(seen[29]! - 0.1 / 25 / 1e4) < 1e-20);
    assert.deepEqual(typeErrors({ 'tabsCrlfDouble.ts': result }), []);
  });

  it('name collisions (collision.ts): the wrapper becomes lrSchedule, the kernel cosineLr2; the user’s functions stay', () => {
    const original = fixtureText('collision.ts');
    const source = analyze('collision.ts', original);
    const site = only(source.scan.sites, 'site');
    const plan = planSchedule(source, site, kind('cosine'));
    assert.equal(plan.functionName, 'lrSchedule');
    assert.equal(plan.replacement?.text, 'lrSchedule(step)');
    const result = assertOnlyPlannedChanges(original, plan, site);
    assert.ok(plan.insertion.text.includes('function cosineLr2(t: number'));
    assert.ok(plan.insertion.text.includes('return cosineLr2(step, 0.05, 100, 0);'));
    const out = (evaluate(result).fit as () => number[])();
    assertClose(out.slice(0, 100), Array.from({ length: 100 }, (_, t) => cosine(0.05, 100, t) + Math.cos(0) - 1), 'lr + cosineLr(0) - 1');
    assert.equal(out[100], 'mine'.length);
    assert.deepEqual(typeErrors({ 'collision.ts': result }), []);
  });

  it('a second schedule in a file that already has the kernel reuses it and picks a new wrapper name', () => {
    const first = fixtureText('loop.ts');
    const firstSource = analyze('loop.ts', first);
    const once = applyChanges(first, planChanges(planSchedule(firstSource, only(firstSource.scan.sites, 'site'), kind('cosine'))));
    const twice = `${once}\nexport function again(): number[] {\n  const out: number[] = [];\n  for (let step = 0; step < 200; step++) {\n    const lr = 0.02;\n    out.push(lr);\n  }\n  return out;\n}\n`;
    const source = new SourceAnalysis(twice, 'loop.ts');
    const site = siteWithValue(source, 0.02);
    const plan = planSchedule(source, site, kind('cosine'));
    assert.equal(plan.functionName, 'lrSchedule');
    assert.ok(!plan.insertion.text.includes('function cosineLr'), 'the kernel is not emitted again');
    const result = assertOnlyPlannedChanges(twice, plan, site);
    assert.equal(result.match(/function cosineLr\(/g)?.length, 1);
    const exports = evaluate(result);
    assertClose((exports.again as () => number[])(), Array.from({ length: 200 }, (_, t) => cosine(0.02, 200, t)), 'second schedule');
    assert.deepEqual(typeErrors({ 'loop.ts': result }), []);
  });

  it('loss-based (lossBased.ts): learningRate(loss) where a `loss` variable is declared before the site; function only where none is', () => {
    const original = fixtureText('lossBased.ts');
    const source = analyze('lossBased.ts', original);
    const withLoss = siteWithValue(source, 0.1);
    const plan = planSchedule(source, withLoss, kind('lossBased'));
    assert.equal(plan.replacement?.text, 'learningRate(loss)');
    const result = assertOnlyPlannedChanges(original, plan, withLoss);
    // lr = base / √(1 + β·max(0, loss)), β = 1 (the schedule's default), loss = f(x) before the step.
    const expected: number[] = [];
    let x = 1;
    let loss = x * x;
    for (let step = 0; step < 20; step++) {
      const lr = 0.1 / Math.sqrt(1 + loss);
      expected.push(lr);
      x -= lr * 2 * x;
      loss = x * x;
    }
    assertClose((evaluate(result).withLoss as (x: number) => number[])(1), expected, 'loss-based lr');
    assert.deepEqual(typeErrors({ 'lossBased.ts': result }), []);

    const withoutLoss = siteWithValue(source, 0.2);
    const alone = planSchedule(source, withoutLoss, kind('lossBased'));
    assert.equal(alone.replacement, null);
    assert.equal(alone.functionOnlyReason, 'there is no `loss` variable declared before it');
    assert.match(scheduleActionTitle(alone), /\(function only\)/);
    assertOnlyPlannedChanges(original, alone, withoutLoss);

    const gradient = planSchedule(source, withLoss, kind('gradientBased'));
    assert.equal(gradient.replacement, null, 'no gradNorm variable in scope');
    const stepBased = planSchedule(source, withoutLoss, kind('step'));
    assert.equal(stepBased.replacement?.text, 'learningRate(step)');
  });

  describe('every schedule kind on every site of the edit fixtures', () => {
    const fixtures = ['topLevel.ts', 'loop.ts', 'objectInLoop.ts', 'tabsCrlfDouble.ts', 'collision.ts', 'lossBased.ts', 'loops.ts'];
    for (const name of fixtures) {
      it(`${name}: only the planned changes, the result parses, the snippet inserts the same text`, () => {
        const original = fixtureText(name);
        const source = analyze(name, original);
        assert.ok(source.scan.sites.length > 0);
        for (const site of source.scan.sites) {
          for (const k of SCHEDULE_SNIPPET_KINDS) {
            const plan = planSchedule(source, site, k);
            const result = assertOnlyPlannedChanges(original, plan, site);
            assert.deepEqual(syntaxErrors(result), [], `${name} ${site.name}=${site.literal.text} ${k.id}`);
            assert.ok(plan.insertion.snippet, `${k.id}: a snippet`);
            const parts = parseSnippet(plan.insertion.snippet);
            assert.ok(parts, `${k.id}: the snippet reads back`);
            assert.equal(snippetText(parts), plan.insertion.text, `${k.id}: the snippet's text is the insertion`);
            assert.ok(parts.some((p) => p.kind === 'placeholder' && Number(p.text) === site.value), `${k.id}: the base lr is a tab stop`);
          }
        }
      });
    }

    it('the 13 kinds in loop.ts type-check under strict (one program)', () => {
      const original = fixtureText('loop.ts');
      const source = analyze('loop.ts', original);
      const site = only(source.scan.sites, 'site');
      const files: Record<string, string> = {};
      for (const k of SCHEDULE_SNIPPET_KINDS) files[`${k.id}.ts`] = applyChanges(original, planChanges(planSchedule(source, site, k)));
      assert.equal(Object.keys(files).length, 13);
      assert.deepEqual(typeErrors(files), []);
      const rewritten = SCHEDULE_SNIPPET_KINDS.filter((k) => files[`${k.id}.ts`]!.includes('const lr = learningRate(step);'));
      assert.deepEqual(
        rewritten.map((k) => k.id),
        SCHEDULE_SNIPPET_KINDS.map((k) => k.id).filter((id) => id !== 'lossBased' && id !== 'gradientBased'),
        'step-based kinds rewrite the site; loss/gradient-based need a variable the fixture lacks',
      );
    });
  });
});
