/**
 * Every user-visible string has its English and its Chinese (zh-cn): the host's `vscode.l10n.t`,
 * the page's and the CLI's `l10n.t` (@vscode/l10n) calls, extracted with @vscode/l10n-dev exactly
 * as `npm run l10n:export` does, and the `%key%` references of package.json. The Chinese is
 * checked against the terms Chinese ML texts use (学习率, 动量, 梯度下降, 学习率衰减, 自适应学习率).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const root = join(__dirname, '..', '..', '..');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const asStrings = (table: Record<string, unknown>): Map<string, string> =>
  new Map(Object.entries(table).map(([k, v]) => [k, typeof v === 'string' ? v : (v as { message: string }).message]));

function sources(): { contents: string; extension: string }[] {
  return ['src', 'webview'].flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => ({ contents: readFileSync(join(root, dir, file), 'utf8'), extension: extname(file) })),
  );
}

/** `{0}`, `{name}`: what a translation must keep. */
const placeholders = (text: string): string[] => [...text.matchAll(/\{[A-Za-z0-9_]+\}/g)].map((m) => m[0]).sort();
const hasChinese = (text: string): boolean => /[\u4e00-\u9fff]/.test(text);

/**
 * English term → the Chinese every translation of it uses (the terms of Chinese ML textbooks and
 * PyTorch's Chinese documentation). Matched on whole words, case-insensitively.
 */
export const GLOSSARY: readonly (readonly [RegExp, string])[] = [
  [/\blearning[- ]rates?\b/i, '学习率'],
  // lr as a word, not in a flag or command name (--lr, find-lr).
  [/(?<!-)\blr\b/, '学习率'],
  [/\bmomentum\b/i, '动量'],
  [/\bgradient descent\b/i, '梯度下降'],
  [/\bgradients?\b/i, '梯度'],
  [/\blearning[- ]rate decay\b|\bdecays?\b/i, '衰减'],
  [/\badaptive\b/i, '自适应'],
  [/\boptimi[sz]ers?\b/i, '优化器'],
  [/\bschedules?\b/i, '调度'],
  [/\bobjectives?\b/i, '目标函数'],
  [/\bdiverged?\b|\bdivergence\b/i, '发散'],
];

/** Messages whose Chinese is the English (names, symbols, code). */
const SAME_IN_CHINESE = new Set<string>(['LR Lab']);

function checkTranslations(english: Map<string, string>, chinese: Map<string, string>, what: string): void {
  const missing = [...english.keys()].filter((k) => !chinese.has(k));
  assert.deepEqual(missing, [], `${what}: no zh-cn translation for ${missing.length} string(s)`);
  const stale = [...chinese.keys()].filter((k) => !english.has(k));
  assert.deepEqual(stale, [], `${what}: zh-cn translations of strings that no longer exist`);
  for (const [key, en] of english) {
    const zh = chinese.get(key)!;
    assert.ok(zh.trim() !== '', `${what}: empty zh-cn translation of ${JSON.stringify(key)}`);
    assert.deepEqual(placeholders(zh), placeholders(en), `${what}: the zh-cn of ${JSON.stringify(key)} must keep the placeholders ${placeholders(en).join(' ')}`);
    if (SAME_IN_CHINESE.has(en)) continue;
    assert.ok(hasChinese(zh), `${what}: the zh-cn of ${JSON.stringify(key)} is not Chinese: ${JSON.stringify(zh)}`);
    for (const [term, word] of GLOSSARY) {
      // Code in backticks (`lr`, `momentum`) is an identifier, not prose.
      if (term.test(en.replace(/`[^`]*`/g, '')) && !zh.includes(word)) assert.fail(`${what}: the zh-cn of ${JSON.stringify(key)} should say ${word} (for ${term.source}): ${JSON.stringify(zh)}`);
    }
  }
}

describe('localisation bundles', function () {
  this.timeout(60_000);

  it('l10n/bundle.l10n.json holds exactly the strings of the sources (npm run l10n:export)', async () => {
    const extracted = asStrings(await getL10nJson(sources()));
    const committed = asStrings(readJson('l10n/bundle.l10n.json'));
    const notExported = [...extracted.keys()].filter((k) => !committed.has(k));
    assert.deepEqual(notExported, [], 'strings in the sources that l10n/bundle.l10n.json lacks: run npm run l10n:export');
    const gone = [...committed.keys()].filter((k) => !extracted.has(k));
    assert.deepEqual(gone, [], 'l10n/bundle.l10n.json holds strings no source uses: run npm run l10n:export');
    for (const [k, v] of committed) assert.equal(v, k, `l10n/bundle.l10n.json: the English of ${JSON.stringify(k)} is its key`);
  });

  it('every string of the bundle has its zh-cn translation, with its placeholders and terms', () => {
    checkTranslations(asStrings(readJson('l10n/bundle.l10n.json')), asStrings(readJson('l10n/bundle.l10n.zh-cn.json')), 'l10n/bundle.l10n.zh-cn.json');
  });

  it('package.json contributes only %key% strings, each in package.nls.json and package.nls.zh-cn.json', () => {
    const manifest = readJson('package.json');
    const english = asStrings(readJson('package.nls.json'));
    const referenced = new Set<string>();
    const literal: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        const key = /^%(.+)%$/.exec(value)?.[1];
        if (key !== undefined) referenced.add(key);
        else if (/(^|\.)(title|description|markdownDescription|displayName|category|label|altText|markdownDeprecationMessage|deprecationMessage|enumDescriptions\.\d+|markdownEnumDescriptions\.\d+|shortTitle)$/.test(path)) literal.push(`${path}: ${value}`);
        return;
      }
      if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}.${i}`));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, path === '' ? k : `${path}.${k}`);
    };
    visit({ displayName: manifest.displayName, description: manifest.description, capabilities: manifest.capabilities, contributes: manifest.contributes }, '');
    assert.deepEqual(literal, [], 'user-visible strings of package.json not in package.nls.json');
    const undefinedKeys = [...referenced].filter((k) => !english.has(k));
    assert.deepEqual(undefinedKeys, [], 'package.json references keys package.nls.json lacks');
    const unused = [...english.keys()].filter((k) => !referenced.has(k));
    assert.deepEqual(unused, [], 'package.nls.json keys nothing references');
    checkTranslations(english, asStrings(readJson('package.nls.zh-cn.json')), 'package.nls.zh-cn.json');
  });
});
