/**
 * The formula cards beside the controls: the selected optimizer's and schedule's update rule
 * typeset with KaTeX (bundled; MathML output, which the page's CSP allows as it has no inline
 * styles), each symbol with its option, the value the controls hold and PyTorch's default (a
 * click goes to the control), how Keras / TF.js / Optax differ, the flavours, and the worked
 * examples the engine computed, with the textbook numbers they correct. The card data comes in
 * the catalog (src/core/explain on the host); the page's own words are in CARD_TEXT (l10n).
 */
import * as l10n from '@vscode/l10n';
import katex from 'katex';
import type { Card, CardExample, CardSymbol } from '../../src/shared/messages/card';
import type { Catalog, ControlValues } from '../../src/shared/protocol';
import { cardInLanguage } from '../../src/shared/cardText';
import { formatDefault } from '../../src/shared/format';
import { h, replaceChildren } from '../dom';

/** The page's words on the cards (the card data itself is the engine's, from the host). */
export const CARD_TEXT = {
  heading: l10n.t('Formulas'),
  symbols: l10n.t('Symbols'),
  symbol: l10n.t('symbol'),
  option: l10n.t('option'),
  value: l10n.t('now'),
  pytorchDefault: l10n.t('PyTorch default'),
  fromRun: l10n.t('from the run'),
  /** PyTorch's None (the option's doc says what it means). */
  none: l10n.t('None (PyTorch)'),
  unset: l10n.t('default'),
  differsFrom: l10n.t('Differs from Keras / TF.js / Optax'),
  flavors: l10n.t('The same optimizer in other libraries (flavor)'),
  flavorDefaults: l10n.t('Its defaults'),
  examples: l10n.t('Worked examples, computed by LR Lab’s engine'),
  claimed: l10n.t('Often quoted'),
  correct: l10n.t('The engine'),
  goTo: (option: string) => l10n.t('Go to the {0} control', option),
} as const;

/** A TeX line as MathML (KaTeX); a line KaTeX cannot read is shown as its source. */
function math(tex: string, display: boolean): HTMLElement {
  const span = h('span', { class: display ? 'math display' : 'math' });
  try {
    // KaTeX's output for TeX of our own catalog (trust off: no \href, no \htmlClass).
    span.innerHTML = katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: true, trust: false, strict: 'ignore' });
  } catch {
    span.textContent = tex;
  }
  return span;
}

function valueText(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((v) => formatDefault(v)).join(', ')}]` : formatDefault(value);
}

/** The value the controls hold for a symbol's option ('' when the field is empty: the default applies). */
function currentValue(symbol: CardSymbol, config: Readonly<Record<string, unknown>> | undefined): string {
  const value = config?.[symbol.option];
  if (value === undefined) return '';
  return valueText(symbol.index !== undefined && Array.isArray(value) ? value[symbol.index] : value);
}

/** lang="en" where a text is still the engine's English (a sentence the tables of src/shared/cardText lack), else none: the page's language. */
function langOf(shown: string, english: string): 'en' | null {
  return shown === english && /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(english) ? 'en' : null;
}

/** A worked example in the display language (`local`), its English (`source`) marking what is left untranslated. */
function exampleTable(local: CardExample, source: CardExample): HTMLElement {
  return h(
    'div',
    { class: 'card-example' },
    h('p', { class: 'example-title', lang: langOf(local.title, source.title) }, local.title),
    h('p', { class: 'hint', lang: langOf(local.setup, source.setup) }, local.setup),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...local.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...local.rows.map((row, r) => h('tr', {}, ...row.map((cell, c) => h('td', { lang: langOf(cell, source.rows[r]?.[c] ?? '') }, cell))))),
    ),
    ...local.claims.map((claim, i) => {
      const english = source.claims[i]!;
      return h(
        'div',
        { class: 'claim', role: 'note' },
        h('p', {}, h('span', { class: 'claim-wrong' }, `✗ ${CARD_TEXT.claimed} `, h('span', { lang: langOf(claim.source, english.source) }, `(${claim.source}): `), h('span', { lang: langOf(claim.claimed, english.claimed) }, claim.claimed))),
        h('p', {}, h('span', { class: 'claim-right' }, `✓ ${CARD_TEXT.correct}: `, h('span', { lang: langOf(claim.correct, english.correct) }, claim.correct))),
        h('p', { class: 'hint', lang: langOf(claim.why, english.why) }, claim.why),
      );
    }),
  );
}

export interface FormulaCardEvents {
  /** Move the focus to the control of `option` of the optimizer or schedule. */
  focusOption(kind: Card['kind'], option: string): void;
}

export class FormulaCards {
  // Closed at first: one line above the runs (and the charts, when the panel is narrow) until it is asked for.
  readonly root = h('details', { class: 'formula-cards', 'data-testid': 'formula-cards' }, h('summary', {}, CARD_TEXT.heading));
  private readonly body = h('div', { class: 'cards' });
  private cards = new Map<string, Card>();
  private shown: ControlValues | null = null;

  constructor(private readonly events: FormulaCardEvents) {
    this.root.appendChild(this.body);
  }

  setCatalog(catalog: Catalog): void {
    this.cards = new Map([...catalog.optimizers, ...catalog.schedules].flatMap((e) => (e.card ? [[`${e.card.kind}:${e.type}`, e.card] as const] : [])));
    if (this.shown) this.show(this.shown);
  }

  /** The cards of the controls' optimizer and schedule, with the values they hold. */
  show(controls: ControlValues): void {
    this.shown = controls;
    const optimizer = this.cards.get(`optimizer:${controls.optimizer.type}`);
    const schedule = this.cards.get(`schedule:${controls.schedule.type}`);
    replaceChildren(this.body, ...(optimizer ? [this.card(optimizer, controls.optimizer)] : []), ...(schedule ? [this.card(schedule, controls.schedule)] : []));
    this.root.hidden = !optimizer && !schedule;
  }

  private card(card: Card, config: Readonly<Record<string, unknown>>): HTMLElement {
    const flavor = typeof config.flavor === 'string' ? config.flavor : 'pytorch';
    // The card in the page's language (src/shared/cardText, catalogText); what is still the engine's English is marked lang="en".
    const local = cardInLanguage(card);
    return h(
      'section',
      { class: 'formula-card', 'data-kind': card.kind, 'data-type': card.type, 'aria-labelledby': `card-${card.kind}-title` },
      // A title kept as the engine's is a name (Adam, L-BFGS); references are code (torch.optim.Adam): neither is translated.
      h('h3', { id: `card-${card.kind}-title`, translate: local.title === card.title ? 'no' : null }, local.title, ' ', h('span', { class: 'hint', translate: 'no' }, card.reference)),
      h('p', { class: 'hint', lang: langOf(local.summary, card.summary) }, local.summary),
      h('div', { class: 'rule', title: local.formula }, ...local.tex.map((line) => math(line, true))),
      ...(card.symbols.length ? [this.symbolTable(local, config)] : []),
      ...(local.differsFrom ? [h('details', { class: 'differs' }, h('summary', {}, CARD_TEXT.differsFrom), h('p', { lang: langOf(local.differsFrom, card.differsFrom ?? '') }, local.differsFrom))] : []),
      ...(local.flavors.length
        ? [
            h(
              'details',
              { class: 'flavors', open: flavor !== 'pytorch' },
              h('summary', {}, CARD_TEXT.flavors),
              ...local.flavors.map((f, i) =>
                h(
                  'div',
                  { class: 'flavor', 'data-flavor': f.flavor, 'aria-current': f.flavor === flavor ? 'true' : null },
                  h('p', { translate: 'no' }, h('strong', {}, `${f.flavor}: ${f.library}`), ` (${f.reference})`),
                  h('p', { class: 'formula', lang: langOf(f.formula, card.flavors[i]!.formula) }, f.formula),
                  h('p', { class: 'hint', lang: langOf(f.note, card.flavors[i]!.note) }, f.note),
                  ...(Object.keys(f.defaults).length ? [h('p', { class: 'hint' }, `${CARD_TEXT.flavorDefaults}: ${Object.entries(f.defaults).map(([k, v]) => `${k} ${valueText(v)}`).join(', ')}`)] : []),
                ),
              ),
            ),
          ]
        : []),
      ...(local.examples.length
        ? [h('details', { class: 'examples', open: local.examples.some((e) => e.claims.length > 0) }, h('summary', {}, CARD_TEXT.examples), ...local.examples.map((e, i) => exampleTable(e, card.examples[i]!)))]
        : []),
    );
  }

  private symbolTable(card: Card, config: Readonly<Record<string, unknown>>): HTMLElement {
    const head = h('tr', {}, ...[CARD_TEXT.symbol, CARD_TEXT.option, CARD_TEXT.value, CARD_TEXT.pytorchDefault].map((c) => h('th', { scope: 'col' }, c)));
    const rows = card.symbols.map((s) => {
      const name = s.index === undefined ? s.option : `${s.option}[${s.index}]`;
      // The option's code name (as in the form's fields), and its doc in the page's language.
      const go = h('button', { type: 'button', class: 'link', translate: 'no', title: `${CARD_TEXT.goTo(s.option)}: ${s.doc}` }, name);
      go.addEventListener('click', () => this.events.focusOption(card.kind, s.option));
      const now = currentValue(s, config);
      return h(
        'tr',
        { 'data-option': s.option },
        h('td', {}, s.tex ? math(s.tex, false) : ''),
        h('td', {}, go),
        h('td', { class: now === '' ? 'unset' : 'set' }, now === '' ? CARD_TEXT.unset : now),
        h('td', {}, s.default === null ? (card.kind === 'schedule' ? CARD_TEXT.fromRun : CARD_TEXT.none) : valueText(s.default)),
      );
    });
    return h('table', { class: 'symbols', 'aria-label': CARD_TEXT.symbols }, h('thead', {}, head), h('tbody', {}, ...rows));
  }
}
