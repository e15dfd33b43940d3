/**
 * No English sentence of the page or of lrlab bypasses l10n: every string and template literal of webview/ and src/cli/
 * that reads like prose (two English words in a row, once `${…}` parts are taken out) must be the
 * message of an `l10n.t(...)` call. Parsed with the TypeScript compiler API, so comments and
 * JSDoc never count and a literal's place in the code (an import, a class name, a CSS value) is
 * known rather than guessed from the text.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');

/** Two English words in a row (letters, maybe an apostrophe or a closing punctuation mark between). */
const PROSE = /[A-Za-z]{2,}['’]?[A-Za-z]*[,.;:!?)]?\s+\(?[A-Za-z]{2,}/;

/**
 * Where a literal is code, not words a person reads (each kind with why):
 * - attributes that are identifiers or styling: class (several class names separated by spaces),
 *   id, type, role, data-*, for, name, value, lang, inputmode, autocomplete;
 * - DOM calls whose argument is a selector, a class or an event name;
 * - `.style.x = …` and style.setProperty: CSS values (`linear-gradient(to right, …)`);
 * - console.*: messages for a developer's devtools, not the panel;
 * - `throw new Error(…)`: programming errors the page's error boundary reports with their stack;
 * - NOT_PROSE: CSS values that look like words (`linear-gradient(to right, …)`, `system-ui, sans-serif`)
 *   and the product's name.
 */
const CODE_PROPERTIES = /^(class|className|id|type|role|for|name|value|lang|inputmode|autocomplete|data-[\w-]+|key|font|fontFamily)$/;
/** CSS values (gradients, font stacks), the product's name, lrlab command lines (code a person types) and the html document around the page, the same in every language. */
const NOT_PROSE = /^(repeating-)?(linear|radial|conic)-gradient\(|\b(sans-serif|monospace)\b|^LR Lab$|^\s*lrlab [a-z-]+( |$)|^<!DOCTYPE html>/;
const CODE_CALLS = /^(querySelector|querySelectorAll|closest|matches|getElementById|addEventListener|removeEventListener|setProperty|createElement|add|remove|toggle|contains|locator)$/;

/**
 * Host literals that read like English and stay English, each with why (file: text):
 */
const STAYS_ENGLISH = new Set([
  // The html's boot line when no text is passed: the host always passes its l10n'd one (webviewPage.ts); the default serves html.ts's tests.
  'src/extension/panel/html.ts: "Waiting for LR Lab…"',
  // Code that goes into the user's file: the comment above an inserted schedule/optimizer (like the generated code, English).
  'src/extension/codeActions/fromRun.ts: "Learning-rate schedule"',
  'src/extension/codeActions/fromRun.ts: "// {} of the LR Lab run \\"{}\\" on {} ({}), {}."',
  // The key of a TSDoc paragraph the catalog looks up, and a flavour option doc (cardText words option docs by their English).
  'src/extension/catalog.ts: "Differs from"',
  'src/extension/catalog.ts: "Compute it as another library does: its update rule and its defaults ({}; default: pytorch)"',
  // The gradient source in the Output channel's run line (a log line, like log.info's).
  'src/extension/runs/RunLauncher.ts: "gradient: its own grad"',
  'src/extension/runs/RunLauncher.ts: "gradient: exact (recorded from the code)"',
  'src/extension/runs/RunLauncher.ts: "gradient: central differences (lrlab.gradient is numeric)"',
  'src/extension/runs/RunLauncher.ts: "gradient: central differences, not exact — {}{}"',
  // Why a number named like an lr is not one (lrSites' rejected candidates): read by its tests, never shown.
  ...[
    '{} is not a positive learning rate',
    '{} is larger than any learning rate (> 10)',
    '{} sits next to {}, the learning rate of the same object',
    "{} is a colour's alpha (next to {})",
    '{} is in a colour or style ({})',
    '{} is a penalty or distribution parameter (next to {})',
    '{} = {} counts steps',
    "{} is a schedule's or control's step (next to {})",
    '{} is a UI or plot step ({})',
  ].map((text) => `src/extension/codeActions/lrNames.ts: ${JSON.stringify(text)}`),
  // Data: an exported run's detail when it was still running (exports are data, like lrlab's json).
  'src/extension/runs/export.ts: "still running when it was exported"',
]);

/** `l10n.t(…)` (@vscode/l10n) or `vscode.l10n.t(…)` (the host's). */
function isL10nCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const owner = node.expression.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n' && ts.isIdentifier(owner.expression) && owner.expression.text === 'vscode');
}

function isCodePlace(literal: ts.Node): boolean {
  // Out of the parentheses and conditional/|| branches a literal may sit in.
  let node: ts.Node = literal;
  while (ts.isParenthesizedExpression(node.parent) || ts.isConditionalExpression(node.parent) || (ts.isBinaryExpression(node.parent) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(node.parent.operatorToken.kind)) || ts.isTemplateSpan(node.parent) || ts.isTemplateExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
    const name = ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : '';
    if (CODE_PROPERTIES.test(name)) return true;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
    const target = parent.left.getText();
    if (/\.style\.\w+$|\.className$|\.id$|\.dataset\.\w+$/.test(target)) return true;
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (CODE_CALLS.test(name)) return true;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'console') return true;
    // The host's Output channel (log.info/warn/error, like VS Code's own logs): lines for a bug report, in English;
    // log.print's source is the prefix of what a run's code printed ("[bowl · sweep cell 3]").
    if (ts.isPropertyAccessExpression(callee) && /^(info|warn|error|debug|trace|print)$/.test(callee.name.text) && /\blog$/.test(callee.expression.getText())) return true;
  }
  if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && /Error$/.test(parent.expression.text) && ts.isThrowStatement(parent.parent)) return true;
  return false;
}

/** The literal's own text, `${…}` parts replaced by a placeholder word-breaker. */
function textOf(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('{}');
  return null;
}

export interface Bypass {
  file: string;
  line: number;
  text: string;
}

/** English prose in a webview source that does not go through l10n.t. */
export function englishBypassingL10n(fileName: string, source: string): Bypass[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Bypass[] = [];
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) return;
    const text = textOf(node);
    if (text !== null) {
      if (PROSE.test(text.replace(/LR Lab/g, 'LRLab').replace(/\$\([\w~-]+\)/g, '')) && !NOT_PROSE.test(text) && !isCodePlace(node)) found.push({ file: fileName, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((span) => visit(span.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('webview literals go through l10n', () => {
  it('flags an English sentence outside l10n.t, and not code or a translated message', () => {
    const source = [
      "import * as l10n from '@vscode/l10n';",
      "const a = l10n.t('{0}: no cell has one yet', name);",
      "const b = `${name}: no cell has one yet`;",
      "const c = h('span', { class: 'hint small', 'aria-label': 'Heat map of the sweep' });",
      "el.style.backgroundImage = `linear-gradient(to right, ${stops})`;",
      "root.querySelector('.sweep-choices > summary input');",
      "console.warn('the panel is in English');",
      "const d = ok ? 'finished' : 'timed out';",
    ].join('\n');
    assert.deepEqual(englishBypassingL10n('x.ts', source).map((b) => [b.line, b.text]), [
      [3, '{}: no cell has one yet'],
      [4, 'Heat map of the sweep'],
      [8, 'timed out'],
    ]);
  });

  it('flags nothing in vscode.l10n.t or in an lrlab command line', () => {
    const source = ["const a = vscode.l10n.t('Run optimizer on `{0}`', name);", "const b = `  lrlab run ${file} --optimizer sgd --lr 0.008`;", "const c = other.l10n.t('not ours at all');"].join('\n');
    assert.deepEqual(englishBypassingL10n('x.ts', source).map((b) => [b.line, b.text]), [[3, 'not ours at all']]);
  });

  // The page, lrlab (help, reports, notes, errors) and the host (messages, status bar, quick picks,
  // the page's host-made messages); json/csv output is data (keys, not sentences).
  for (const folder of ['webview', 'src/cli', 'src/extension']) {
    it(`${folder}/**/*.ts has no English sentence outside l10n.t`, () => {
      const dir = join(root, folder);
      const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
      assert.ok(files.length > 10, `the ${folder} sources were found`);
      const found = files.flatMap((f) => englishBypassingL10n(relative(root, join(dir, f)), readFileSync(join(dir, f), 'utf8')));
      const left = found.map((b) => `${b.file}: ${JSON.stringify(b.text)}`).filter((b) => !STAYS_ENGLISH.has(b));
      assert.deepEqual(left, [], 'English text that does not go through l10n.t');
    });
  }
});
