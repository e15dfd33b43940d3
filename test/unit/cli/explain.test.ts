/** `lrlab explain`: the formula card in the terminal (in process; the card's numbers are tested in core/explain). */
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import { EXIT } from '../../../src/cli/exitCodes';
import { card as cardSchema } from '../../../src/shared/messages/card';

async function explain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['explain', ...args], { out: (t) => void (out += t), err: (t) => void (err += t), cwd: process.cwd() });
  return { code, out, err };
}

describe('lrlab explain', () => {
  it('prints the card: rule, symbols with defaults, differences, flavours, the worked example and the textbook claim it corrects', async () => {
    const r = await explain(['adagrad']);
    assert.equal(r.code, EXIT.ok, r.err);
    for (const part of [
      'adagrad: Adagrad (torch.optim.Adagrad)',
      'θ ← θ − γ̃·g / (√sum + ε)',
      /s₀\s+initialAccumulatorValue\s+0/,
      'Differs from Keras / TF.js / Optax',
      'Flavours (--set flavor=pytorch|keras|tfjs|optax; default pytorch)',
      'defaults: lr 0.001, initialAccumulatorValue 0.1, eps 1e-7',
      /1\s+0\.01\s+\[0\.1, 0\.2\]\s+\[0\.01, 0\.04\]\s+\[−0\.00999999999, −0\.009999999995\]/,
      '✗ a widely copied AdaGrad walk-through: θ₁ = (−0.0010, −0.0005).',
    ]) {
      if (typeof part === 'string') assert.ok(r.out.includes(part), `missing ${JSON.stringify(part)} in:\n${r.out}`);
      else assert.match(r.out, part);
    }
  });

  it('schedules too; --format json is the card the panel gets', async () => {
    const r = await explain(['cosine', '--format', 'json']);
    assert.equal(r.code, EXIT.ok, r.err);
    const parsed = cardSchema.parse(JSON.parse(r.out));
    assert.equal(parsed.kind, 'schedule');
    assert.ok(parsed.tex[0]!.includes('\\cos'));
    const all = await explain(['--format', 'json']);
    assert.equal((JSON.parse(all.out) as unknown[]).length, 34);
  });

  it('an unknown name, no name, or two names are usage errors that say what to give', async () => {
    const unknown = await explain(['adamm']);
    assert.equal(unknown.code, EXIT.usage);
    assert.match(unknown.err, /no optimizer or schedule "adamm"; optimizers: sgd, adagrad/);
    const none = await explain([]);
    assert.equal(none.code, EXIT.usage);
    assert.match(none.err, /lrlab explain needs an optimizer or schedule/);
    assert.equal((await explain(['adam', 'sgd'])).code, EXIT.usage);
  });
});
