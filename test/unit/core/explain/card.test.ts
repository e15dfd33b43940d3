/**
 * Formula cards: every optimizer and schedule has one; its symbols are the TSDoc's and map to
 * real options with PyTorch's defaults; its LaTeX typesets; its worked examples are the
 * engine's numbers, checked here against values worked out by hand.
 */
import assert from 'node:assert/strict';
import katex from 'katex';
import { definitionDocs } from '../../../../src/core/codegen';
import { allCards, cardFor } from '../../../../src/core/explain/card';
import { optimizerExamples } from '../../../../src/core/explain/examples';
import { paragraphAfter, parseSymbols, symbolTex } from '../../../../src/core/explain/symbols';
import type { OptionSpec } from '../../../../src/core/options';
import { optimizerDefinitions, optimizerTypes, type OptimizerType } from '../../../../src/core/optimizers';
import { scheduleDefinitions, scheduleTypes } from '../../../../src/core/schedules';
import { card as cardSchema } from '../../../../src/shared/messages/card';

const docs = definitionDocs as Readonly<Record<string, string>>;

/** A default as the TSDoc states it, as a value: "1e-3" → 0.001, "−0.8" → −0.8, "null" → null. */
function statedValue(text: string): unknown {
  const t = text.replace(/−/g, '-').replace(/'/g, '"');
  if (t === 'null' || t === 'true' || t === 'false') return JSON.parse(t);
  const n = Number(t);
  return Number.isNaN(n) ? t : n;
}

describe('formula cards', () => {
  it('every optimizer and schedule has a card that fits the message schema', () => {
    const cards = allCards();
    assert.deepEqual(
      cards.map((c) => c.type),
      [...optimizerTypes, ...scheduleTypes],
    );
    for (const card of cards) {
      const parsed = cardSchema.safeParse(card);
      assert.ok(parsed.success, `${card.type}: ${parsed.success ? '' : parsed.error.message}`);
      assert.ok(card.tex.length > 0 && card.summary.length > 0, card.type);
    }
  });

  it("every card's LaTeX typesets with KaTeX (strict: no unknown commands, no stray Unicode)", () => {
    for (const card of allCards()) {
      for (const line of card.tex) {
        assert.doesNotThrow(() => katex.renderToString(line, { throwOnError: true, strict: 'error', displayMode: true }), `${card.type}: ${line}`);
      }
      for (const s of card.symbols) if (s.tex !== '') assert.doesNotThrow(() => katex.renderToString(s.tex, { throwOnError: true, strict: 'error' }), `${card.type}: ${s.tex}`);
    }
  });

  it("optimizer symbols: the TSDoc names every option once, with PyTorch's default, and each symbol is in the typeset rule", () => {
    for (const type of optimizerTypes) {
      const options = optimizerDefinitions[type].options as Readonly<Record<string, OptionSpec>>;
      const stated = parseSymbols(paragraphAfter(docs[type]!, 'Symbols → options')).filter((s) => options[s.option] !== undefined);
      const named = new Set(stated.map((s) => s.option));
      assert.deepEqual([...named].sort(), Object.keys(options).sort(), `${type}: options the TSDoc's "Symbols → options" leaves out or adds`);
      const card = cardFor(type);
      for (const s of stated) {
        const symbol = card.symbols.find((c) => c.option === s.option && c.index === s.index)!;
        if (typeof options[s.option]!.default !== 'function') {
          assert.deepEqual(symbol.default, statedValue(s.stated), `${type}.${s.option}${s.index === undefined ? '' : `[${s.index}]`}: TSDoc says ${s.stated}, the spec ${JSON.stringify(symbol.default)}`);
        }
        if (symbol.tex !== '') assert.ok(card.tex.join(' ').includes(symbol.tex), `${type}: ${symbol.text} (${symbol.tex}) is not in the typeset rule`);
      }
    }
  });

  it('schedule symbols map to options of the schedule and appear in its formula', () => {
    for (const type of scheduleTypes) {
      const card = cardFor(type);
      const options = scheduleDefinitions[type].options as Readonly<Record<string, OptionSpec>>;
      for (const s of card.symbols) {
        assert.ok(options[s.option] !== undefined, `${type}: ${s.option} is not an option`);
        assert.ok(card.tex.join(' ').includes(s.tex), `${type}: ${s.tex} not in ${card.tex.join(' ')}`);
      }
    }
  });

  it('symbols in LaTeX', () => {
    assert.equal(symbolTex('β₁'), '\\beta_1');
    assert.equal(symbolTex('λ_wd'), '\\lambda_{wd}');
    assert.equal(symbolTex('ε_g'), '\\varepsilon_g');
    assert.equal(symbolTex('Γmin'), '\\Gamma_{\\min}');
    assert.equal(symbolTex('η⁺'), '\\eta^{+}');
    assert.equal(symbolTex('growth'), '\\mathit{growth}');
    assert.equal(symbolTex(''), '');
  });

  it('the worked examples use the inputs their TSDoc states', () => {
    for (const [type, examples] of Object.entries(optimizerExamples) as [OptimizerType, NonNullable<(typeof optimizerExamples)[OptimizerType]>][]) {
      const paragraph = paragraphAfter(docs[type]!, 'Worked example');
      for (const example of examples.filter((e) => e.title === 'The example of the TSDoc')) {
        const list = (xs: readonly number[]): string => `[${xs.map((x) => String(x).replace('-', '−')).join(', ')}]`;
        assert.ok(paragraph.includes(`θ₀ = ${list(example.theta0)}`), `${type}: TSDoc example does not start at ${list(example.theta0)}: ${paragraph}`);
        const same = example.grads.every((g) => list(g) === list(example.grads[0]!));
        example.grads.forEach((g, k) => {
          const name = same && !paragraph.includes('g₁') ? 'g' : `g${'₀₁₂₃₄₅₆₇₈₉'[k + 1]}`;
          assert.ok(paragraph.includes(`${name} = ${list(g)}`), `${type}: TSDoc example has no ${name} = ${list(g)}: ${paragraph}`);
        });
      }
    }
    const withoutExample = optimizerTypes.filter((t) => (optimizerExamples[t] ?? []).length === 0);
    assert.deepEqual(withoutExample, ['lbfgs'], 'optimizers without a worked example on their card (L-BFGS needs an objective, not fixed gradients)');
  });

  it('AdaGrad: g₁ = (0.1, 0.2), α = 0.01 gives θ₁ = (−0.01, −0.01), not the textbook (−0.0010, −0.0005)', () => {
    const example = cardFor('adagrad').examples[0]!;
    // By hand: sum = g² = (0.01, 0.04); θ₁ = −0.01·g/(√sum + 1e-10) = (−0.001/0.1000000001, −0.002/0.2000000001).
    assert.deepEqual(example.rows[0], ['1', '0.01', '[0.1, 0.2]', '[0.01, 0.04]', '[−0.00999999999, −0.009999999995]']);
    // Keras: sum = 0.1 + g², θ₁ = −0.01·g/√(sum + 1e-7) = (−0.001/√0.1100001, −0.002/√0.1400001).
    assert.deepEqual(example.rows[1], ['Keras 3 (flavor=keras)', '', '', '', '[−0.003015112075, −0.005345222929]']);
    assert.equal(example.claims[0]!.claimed, 'θ₁ = (−0.0010, −0.0005)');
    assert.match(example.claims[0]!.why, /α·sign\(g\)/);
  });

  it("Adam's first step with bias correction is α per coordinate, without it 3.16α", () => {
    const example = cardFor('adam').examples[0]!;
    // By hand: m = 0.1·g = (0.01, 0.02), v = 0.001·g² = (1e-5, 4e-5); m̂ = g, v̂ = g².
    // With: θ₁ = −1e-3·g/(|g| + 1e-8) = (−1e-4/0.10000001, −2e-4/0.20000001).
    assert.deepEqual(example.rows[0], ['1', '0.001', '[0.1, 0.2]', '[0.01, 0.02]', '[0.00001, 0.00004]', '[−0.0009999999, −0.00099999995]']);
    // Without: θ₁ = −1e-3·m/(√v + 1e-8) = (−1e-5/(√1e-5 + 1e-8), −2e-5/(√4e-5 + 1e-8)) = (−0.0031622676…, −0.0031622726…).
    assert.deepEqual(example.rows[2], ['without bias correction', '', '', '', '', '[−0.00316226766, −0.00316227266]']);
  });

  it('flavours and differences are on the card', () => {
    assert.deepEqual(
      cardFor('adam').flavors.map((f) => f.flavor),
      ['keras', 'tfjs', 'optax'],
    );
    assert.deepEqual(cardFor('adagrad').flavors.find((f) => f.flavor === 'keras')!.defaults, { lr: 1e-3, initialAccumulatorValue: 0.1, eps: 1e-7 });
    assert.match(cardFor('rmsprop').differsFrom!, /inside/);
    assert.deepEqual(cardFor('sgd').flavors, []);
  });

  it('schedules: the lr at chosen steps, and the "linear decay" that is exponential', () => {
    const cosine = cardFor('cosine').examples[0]!;
    // By hand: tMax = 100 (the run's steps), lr of step t is lr(t − 1) = 0.05·(1 + cos(π(t − 1)/100)).
    assert.deepEqual(cosine.rows.slice(0, 2), [
      ['1', '0.1'],
      ['2', '0.09997532802'],
    ]);
    assert.match(cardFor('linear').examples[0]!.claims[0]!.why, /exponential decay/);
    const plateau = cardFor('plateau').examples[0]!.rows;
    // Default patience 10: the 11th step without improvement (after step 17) cuts the lr to 0.01 from step 18.
    assert.deepEqual(plateau.slice(2, 4), [
      ['10', '0.1'],
      ['25', '0.01'],
    ]);
  });
});
