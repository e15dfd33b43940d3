/**
 * UI scenarios in the editor: the lightbulb on a learning rate (Ctrl+. on `lr` in a training
 * loop, "Learning-rate schedule…", cosine in the quick pick, the schedule code in the file), on
 * an `lr` read inside a loop below `const lr = 0.1` and on that declaration (the read becomes
 * `learningRate(epoch)`, the saved file still type-checks and runs), and a file with a syntax
 * error (run it: the error shows in the panel and in the Problems view).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { Page } from 'playwright-core';
import { answerQuickPick, chooseCodeAction, goToLine, openCodeActions, problems, quickOpen, quickPickRows, runCommand, visibleEditorLines, waitForEditorLanguage } from '../harness/browser';
import { REPO_ROOT } from '../harness/paths';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { docsScreenshot } from './screenshots';
import { useWorkbench } from './workbench';

const SCHEDULE_ENTRY = 'Learning-rate schedule…';
const SCHEDULE_QUESTION = /^Learning-rate schedule$/;

/**
 * Ctrl+. at the cursor: LR Lab's schedules are one entry in the menu (no per-kind titles);
 * Enter on it opens the quick pick of schedules, whose rows are returned (it stays open).
 * With `pictures`, the menu and the pick are saved as the docs' pictures.
 */
async function openSchedulePick(page: Page, pictures = false): Promise<string[]> {
  const titles = await openCodeActions(page, { expect: SCHEDULE_ENTRY });
  const schedules = titles.filter((t) => /schedule/i.test(t));
  assert.deepEqual(schedules, [SCHEDULE_ENTRY], `the menu lists:\n${titles.join('\n')}`);
  await chooseCodeAction(page, SCHEDULE_ENTRY, { apply: false });
  if (pictures) await docsScreenshot(page, 'code-action-menu');
  await chooseCodeAction(page, SCHEDULE_ENTRY);
  const rows = await quickPickRows(page, SCHEDULE_QUESTION);
  if (pictures) await docsScreenshot(page, 'schedule-pick');
  return rows;
}

/** Type errors of a file checked alone (strict, no DOM, no node types). */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The file's exports, compiled to CommonJS and evaluated. */
function load(text: string): Record<string, unknown> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  new Function('exports', js)(exports);
  return exports;
}

/** Saves the active editor (leaving a snippet's tab stops first) and returns the file's text once it satisfies `saved`. */
async function saveAndRead(page: Page, file: string, saved: (text: string) => boolean, what: string): Promise<string> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
  return waitUntil(async () => readFileSync(file, 'utf8'), saved, what);
}

/** 1-based line and column of the first `text` in a repository file, plus `offset` characters. */
function positionOf(file: string, text: string, offset = 0): { line: number; column: number } {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${text} is not in ${file}`);
  return { line: index + 1, column: lines[index]!.indexOf(text) + offset + 1 };
}

describe('e2e editor: the learning-rate lightbulb and a syntax error', () => {
  const workbench = useWorkbench({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });

  before(async () => {
    await runCommand(workbench.page, 'View: Close Primary Side Bar');
  });

  it('replaces `const lr = 0.01` in a training loop with a cosine schedule from the lightbulb (Ctrl+., Learning-rate schedule…, cosine)', async () => {
    const page = workbench.page;
    await quickOpen(page, 'training.ts');
    const before = await visibleEditorLines(page);
    assert.ok(before.some((l) => l.trim() === 'const lr = 0.01;'), `the editor shows:\n${before.join('\n')}`);
    // The cursor on the name `lr`.
    const at = positionOf('test/e2e/fixtures/training.ts', 'const lr = 0.01;', 'const '.length);
    await goToLine(page, at.line, at.column);

    const rows = await openSchedulePick(page, true);
    assert.ok(rows.length >= 8, `one row per schedule kind (those in view):\n${rows.join('\n')}`);
    const cosineRow = rows.find((r) => r.includes('CosineAnnealingLR'));
    assert.ok(cosineRow && /[▁▂▃▄▅▆▇█]{10,}/.test(cosineRow) && cosineRow.includes('0.01 →'), `each row previews its curve:\n${rows.join('\n')}`);
    await answerQuickPick(page, SCHEDULE_QUESTION, 'CosineAnnealingLR');

    // The schedule function goes in above the function, and the loop's lr follows it.
    const lines = await waitUntil(
      () => visibleEditorLines(page),
      (shown) => shown.some((l) => l.includes('const lr = learningRate(epoch);')),
      'the loop to call the schedule',
    );
    const text = lines.join('\n');
    assert.match(text, /function learningRate\(step: number\): number \{/, text);
    assert.match(text, /return cosineLr\(step, 0\.01, 100, 0\);/, `cosine from 0.01 to 0 over the loop's 100 epochs:\n${text}`);
    assert.match(text, /function cosineLr\(/, text);
    assert.ok(!lines.some((l) => l.trim() === 'const lr = 0.01;'), `the constant is gone:\n${text}`);
    await docsScreenshot(page, 'code-action-inserted');
    await page.keyboard.press('Escape'); // leave the snippet's tab stops
  });

  it('on the `lr` read inside `for (let epoch …)` below `const lr = 0.1`, and on the declaration: the read becomes a schedule of `epoch`; the file compiles and runs', async () => {
    const page = workbench.page;
    const file = join(workbench.workspace, 'fixtures/epochLoop.ts');
    const original = readFileSync(file, 'utf8');
    await quickOpen(page, 'epochLoop.ts');

    // The cursor on the read `lr` in `x -= lr * grad;`.
    const use = positionOf('test/e2e/fixtures/epochLoop.ts', 'x -= lr * grad;', 'x -= l'.length);
    await goToLine(page, use.line, use.column);
    const rows = await openSchedulePick(page);
    assert.ok(rows.some((r) => r.includes('60 steps') && r.includes('`lr` becomes `learningRate(epoch)`')), `the pick says what the read becomes:\n${rows.join('\n')}`);
    await answerQuickPick(page, SCHEDULE_QUESTION, 'CosineAnnealingLR');
    let text = await saveAndRead(page, file, (t) => t.includes('learningRate(epoch)'), 'the file to be saved with the schedule');
    assert.ok(text.includes('    x -= learningRate(epoch) * grad;\n'), text);
    assert.ok(text.includes('  const lr = 0.1;\n'), `the declaration stays the base lr:\n${text}`);
    assert.match(text, /function learningRate\(step: number\): number \{\n {2}return cosineLr\(step, 0\.1, 60, 0\);/, text);
    assert.deepEqual(typeErrors(file), [], text);
    const fit = load(text).fit as (x0: number) => number;
    assert.ok(Math.abs(fit(0) - 3) < 0.1, `the scheduled loop still converges to 3: ${fit(0)}`);

    // Undo (one step), then the same from the declaration `const lr = 0.1`: one-cycle.
    await page.keyboard.press('Control+Z');
    text = await saveAndRead(page, file, (t) => t === original, 'one undo to restore the file');
    const declaration = positionOf('test/e2e/fixtures/epochLoop.ts', 'const lr = 0.1;', 'const l'.length);
    await goToLine(page, declaration.line, declaration.column);
    await openSchedulePick(page);
    await answerQuickPick(page, SCHEDULE_QUESTION, 'OneCycleLR');
    text = await saveAndRead(page, file, (t) => t.includes('learningRate(epoch)'), 'the file to be saved with the one-cycle schedule');
    assert.ok(text.includes('    x -= learningRate(epoch) * grad;\n') && text.includes('  const lr = 0.1;\n'), text);
    assert.match(text, /return oneCycleLr\(/, text);
    assert.deepEqual(typeErrors(file), [], text);
    assert.ok(Number.isFinite((load(text).fit as (x0: number) => number)(0)), 'the one-cycle loop runs');
  });

  it('runs a file with a syntax error: the error shows in the panel and in the Problems view', async () => {
    const page = workbench.page;
    const panel = new LrLabPanel(page);
    const at = positionOf('test/fixtures/syntaxError.ts', '+* 2', 1); // esbuild points at the `*`
    await quickOpen(page, 'syntaxError.ts');
    await waitForEditorLanguage(page);
    await runCommand(page, 'LR Lab: Run Optimizer');
    await panel.ready();
    const errors = await waitUntil(() => panel.errors(), (shown) => shown.length > 0, 'an error in the panel');
    assert.deepEqual(errors[0], { message: 'Unexpected "*"', location: `syntaxError.ts:${at.line}:${at.column}` });
    assert.deepEqual(await panel.runs(), [], 'nothing ran');

    const rows = await problems(page, 'Unexpected "*"');
    const ours = rows.filter((r) => r.includes('generated by LR Lab'));
    assert.deepEqual(ours, [`Error: Unexpected "*" at line ${at.line} and character ${at.column}. generated by LR Lab`], `Problems:\n${rows.join('\n')}`);
    await docsScreenshot(page, 'syntax-error');
  });
});
