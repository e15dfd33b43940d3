/**
 * media/panel.css stays flat: the page uses no CSS nesting, so a style rule may only open at the
 * top level or directly inside an at-rule (@container, @media). A rule left unclosed by a merge is
 * not a syntax error to Chromium — it nests every rule after it under its selector, and they stop
 * matching (the sweep legend, the compare table and the formula cards once lost their styles so).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const cssPath = path.join(__dirname, '..', '..', '..', 'media', 'panel.css');

interface Block {
  prelude: string;
  line: number;
}

/** Each block's prelude and the preludes of the blocks it sits in, comments and strings left out. */
function blocksOf(css: string): { block: Block; parents: Block[] }[] {
  const out: { block: Block; parents: Block[] }[] = [];
  const stack: Block[] = [];
  let prelude = '';
  let line = 1;
  for (let i = 0; i < css.length; i++) {
    const c = css[i]!;
    if (c === '\n') line++;
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      const stop = end < 0 ? css.length : end + 2;
      line += css.slice(i, stop).split('\n').length - 1;
      i = stop - 1;
      continue;
    }
    if (c === '{') {
      const block = { prelude: prelude.trim(), line };
      out.push({ block, parents: [...stack] });
      stack.push(block);
      prelude = '';
    } else if (c === '}') {
      assert.ok(stack.pop(), `panel.css:${line}: a "}" closes no block`);
      prelude = '';
    } else if (c === ';') {
      prelude = '';
    } else {
      prelude += c;
    }
  }
  assert.equal(stack.length, 0, `panel.css: ${stack.map((b) => `"${b.prelude}" (line ${b.line})`).join(', ')} never closed`);
  return out;
}

describe('media/panel.css', () => {
  const css = readFileSync(cssPath, 'utf8');

  it('closes every block it opens', () => {
    blocksOf(css);
  });

  it('opens style rules only at the top level or directly inside an at-rule', () => {
    for (const { block, parents } of blocksOf(css)) {
      if (block.prelude.startsWith('@')) continue;
      const inStyleRule = parents.find((p) => !p.prelude.startsWith('@'));
      assert.equal(inStyleRule, undefined, `panel.css:${block.line}: "${block.prelude}" is nested in "${inStyleRule?.prelude}" (line ${inStyleRule?.line}), which was left open`);
    }
  });

  it('styles the views the merge once broke: sweep legend, compare table, formula cards, step inspector', () => {
    const topLevel = new Set(blocksOf(css).filter(({ parents }) => parents.length === 0).map(({ block }) => block.prelude));
    for (const selector of ['.sweep-legend', '.sweep-choices > summary', '.compare-table th', '.compare-table .run-cell', '.formula-card', '.step-inspector .step-table']) {
      assert.ok(topLevel.has(selector), `${selector} is not a top-level rule`);
    }
  });
});
