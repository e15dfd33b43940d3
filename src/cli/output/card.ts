/** A formula card as terminal text (`lrlab explain`): the same card the panel shows, without typesetting. */
import * as l10n from '@vscode/l10n';
import { cardInLanguage } from '../../shared/cardText';
import type { Card, CardExample } from '../../shared/messages/card';
import { formatOptionValue } from './options';
import { renderTable, textWidth } from './table';

const WIDTH = 100;
/** Where a rule's parts meet: `;  ` in English, the full-width `；` in Chinese. */
const RULE_PARTS = /;\s+|；/;

// A Latin word or number (kept whole), a run of spaces, or one character of Chinese (a line may break after any).
const TOKENS = /\s+|[^\s\u2e80-\u9fff\uff00-\uffef]+|./gsu;
// Chinese punctuation that must not start a line (it stays with the character before it), or end one.
const NO_BREAK_BEFORE = /^[，。；：、）！？”’》」』]/;
const NO_BREAK_AFTER = /^[（“‘《「『]$/u;

/** `text` wrapped at WIDTH terminal columns, each line indented by `indent`; Chinese breaks between characters. */
export function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  // The current line's tokens, each with the space before it ('' or ' ').
  let line: { space: string; token: string }[] = [];
  let space = '';
  const joined = (parts: readonly { space: string; token: string }[]): string => parts.map((p, i) => (i === 0 ? p.token : p.space + p.token)).join('');
  for (const token of text.match(TOKENS) ?? []) {
    if (/^\s+$/.test(token)) {
      space = line.length > 0 ? ' ' : '';
      continue;
    }
    const next = [...line, { space, token }];
    space = '';
    if (line.length === 0 || textWidth(indent + joined(next)) <= WIDTH) {
      line = next;
      continue;
    }
    // Break before `token` — or, when it is punctuation that may not start a line, before the token ahead of it;
    // an opening bracket at the end of the line goes down with what it opens.
    let cut = line.length;
    while (cut > 1 && NO_BREAK_BEFORE.test(next[cut]!.token)) cut--;
    while (cut > 1 && NO_BREAK_AFTER.test(next[cut - 1]!.token)) cut--;
    lines.push(indent + joined(line.slice(0, cut)));
    line = next.slice(cut);
    line[0] = { space: '', token: line[0]!.token };
  }
  if (line.length > 0) lines.push(indent + joined(line));
  return lines.join('\n');
}

function optionName(option: string, index: number | undefined): string {
  return index === undefined ? option : `${option}[${index}]`;
}

function exampleText(example: CardExample): string[] {
  const out = [`  ${example.title}`, wrap(example.setup, '    '), '', renderTable(example.columns, example.rows, new Set([0])).replace(/^/gm, '    ')];
  for (const claim of example.claims) {
    out.push('', wrap(l10n.t('✗ {0}: {1}. The engine: {2}.', claim.source, claim.claimed, claim.correct), '    '), wrap(claim.why, '      '));
  }
  return [...out, ''];
}

/** The card in the CLI's language (src/shared/cardText: the engine's English sentences worded again). */
export function renderCardText(english: Card): string {
  const card = cardInLanguage(english);
  const out: string[] = [`${card.type}: ${card.title} (${card.reference})`, wrap(card.summary, '  '), '', l10n.t('Update rule'), ...card.formula.split(RULE_PARTS).map((part) => `  ${part}`), ''];
  if (card.symbols.length > 0) {
    out.push(l10n.t('Symbols → options (PyTorch default)'));
    const rows = card.symbols.map((s) => [s.text, optionName(s.option, s.index), s.default === null ? l10n.t('from the run / None') : formatOptionValue(s.default), s.doc]);
    out.push(renderTable([l10n.t('symbol'), l10n.t('option'), l10n.t('default'), ''], rows, new Set([0, 1, 3])).replace(/^/gm, '  '), '');
  }
  if (card.differsFrom !== undefined) out.push(l10n.t('Differs from Keras / TF.js / Optax'), wrap(card.differsFrom, '  '), '');
  if (card.flavors.length > 0) {
    out.push(l10n.t('Flavours (--set flavor={0}; default pytorch)', ['pytorch', ...card.flavors.map((f) => f.flavor)].join('|')));
    for (const f of card.flavors) {
      const defaults = Object.entries(f.defaults).map(([k, v]) => `${k} ${formatOptionValue(v)}`);
      out.push(`  ${f.flavor}: ${f.library}, ${f.reference}`, ...f.formula.split(RULE_PARTS).map((part) => `      ${part}`), wrap(f.note, '    '));
      if (defaults.length > 0) out.push(`    ${l10n.t('defaults: {0}', defaults.join(', '))}`);
      out.push('');
    }
  }
  if (card.examples.length > 0) {
    out.push(l10n.t('Worked examples (computed by the engine)'));
    for (const example of card.examples) out.push(...exampleText(example));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
