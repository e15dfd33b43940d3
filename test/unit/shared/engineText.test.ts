import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { ENGINE_TEXT_IDS, engineText, isEngineText, localizedDetail, type EngineText } from '../../../src/shared/engineText';
import { quadratic, run } from '../core/minimize/helpers';
import { checkShapes } from '../../../src/core/optimizers/shapes';
import { LrLabError } from '../../../src/core/errors';

const root = join(__dirname, '..', '..', '..');
const zhCn = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const CHINESE = /[\u4e00-\u9fff]/;

/** Each id with arguments of the kinds the engine passes (a count of 1 and of more: the singular and plural sentences). */
const SAMPLES: readonly EngineText[] = ENGINE_TEXT_IDS.flatMap((id): EngineText[] => [
  { id, args: ['f', 1, 7, 8, 'g', 'h'] },
  { id, args: ['NaN', 3, 7, 8, 'g', 'h'] },
]);

describe('engine sentences (engineText): the engine gives data, each border words it', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('in English without a bundle, every placeholder filled', () => {
    for (const text of SAMPLES) {
      const english = engineText(text);
      assert.doesNotMatch(english, /\{\d\}/, `${text.id}: ${english}`);
      assert.doesNotMatch(english, CHINESE, `${text.id}: ${english}`);
    }
  });

  it('in Chinese with the zh-cn bundle, for every sentence', () => {
    l10n.config({ contents: zhCn });
    for (const text of SAMPLES) {
      const chinese = engineText(text);
      assert.match(chinese, CHINESE, `${text.id} has no Chinese: ${chinese}`);
      assert.doesNotMatch(chinese, /\{\d\}/, `${text.id}: ${chinese}`);
    }
  });

  it("an engine error keeps its sentence: Adafactor's parameter shapes that do not add up, in English and in Chinese", () => {
    let thrown: unknown;
    try {
      checkShapes([[8, 4], [8]], 41, { id: 'parameterShapeOf', args: ['adafactor'] });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof LrLabError && thrown.text);
    assert.equal(thrown.message, 'the parameter shape of adafactor holds 8 × 4 + 8 = 40 numbers, but there are 41 parameters');
    l10n.config({ contents: zhCn });
    assert.equal(engineText(thrown.text), 'adafactor 的参数形状 共 8 × 4 + 8 = 40 个数，但参数有 41 个');
  });

  it('a typed point of the wrong length: its flag, in the singular where a count is 1, in English and in Chinese', () => {
    const said = (given: number, dim: number) => engineText({ id: 'pointWrongLength', args: ['--x0', given, 'bowl', dim] });
    assert.equal(said(3, 2), '--x0 has 3 values, but objective "bowl" has 2 parameters (its x0 has 2 values)');
    assert.equal(said(1, 2), '--x0 has 1 value, but objective "bowl" has 2 parameters (its x0 has 2 values)');
    assert.equal(said(2, 1), '--x0 has 2 values, but objective "bowl" has 1 parameter (its x0 has 1 value)');
    l10n.config({ contents: zhCn });
    assert.equal(said(3, 2), '--x0 有 3 个值，但目标函数 "bowl" 有 2 个参数（其 x0 有 2 个值）');
    assert.equal(said(1, 2), '--x0 有 1 个值，但目标函数 "bowl" 有 2 个参数（其 x0 有 2 个值）');
    assert.equal(said(2, 1), '--x0 有 2 个值，但目标函数 "bowl" 有 1 个参数（其 x0 有 1 个值）');
  });

  it("the older point-length sentences (a run config's x0, an objective's x0, a gradient check point, --at) in the singular where a count is 1, in English and in Chinese", () => {
    // configX0WrongLength and objectiveX0WrongLength take [name, given, dim]; the other two [given, name, dim].
    const said = (id: EngineText['id'], given: number, dim: number) =>
      engineText({ id, args: id === 'configX0WrongLength' || id === 'objectiveX0WrongLength' ? ['bowl', given, dim] : [given, 'bowl', dim] });
    /** Per id: 3 values for 2 parameters, 1 value for 2, 2 values for 1 — in the language l10n is configured with. */
    const saysAll = (table: [EngineText['id'], string, string, string][]) => {
      for (const [id, plural, oneGiven, oneParameter] of table) assert.deepEqual([said(id, 3, 2), said(id, 1, 2), said(id, 2, 1)], [plural, oneGiven, oneParameter]);
    };
    saysAll([
      ['configX0WrongLength', 'the run config x0 has 3 values but objective "bowl" has 2 parameters', 'the run config x0 has 1 value but objective "bowl" has 2 parameters', 'the run config x0 has 2 values but objective "bowl" has 1 parameter'],
      ['objectiveX0WrongLength', 'objective "bowl" x0 has 3 values but objective "bowl" has 2 parameters', 'objective "bowl" x0 has 1 value but objective "bowl" has 2 parameters', 'objective "bowl" x0 has 2 values but objective "bowl" has 1 parameter'],
      ['checkPointWrongLength', 'gradient check point has 3 values but objective "bowl" has 2 parameters', 'gradient check point has 1 value but objective "bowl" has 2 parameters', 'gradient check point has 2 values but objective "bowl" has 1 parameter'],
      ['atWrongLength', '--at has 3 values but objective "bowl" has 2 parameters', '--at has 1 value but objective "bowl" has 2 parameters', '--at has 2 values but objective "bowl" has 1 parameter'],
    ]);
    l10n.config({ contents: zhCn });
    saysAll([
      ['configX0WrongLength', '运行配置的 x0 有 3 个值，但目标函数 "bowl" 有 2 个参数', '运行配置的 x0 有 1 个值，但目标函数 "bowl" 有 2 个参数', '运行配置的 x0 有 2 个值，但目标函数 "bowl" 有 1 个参数'],
      ['objectiveX0WrongLength', '目标函数 "bowl" 的 x0 有 3 个值，但目标函数 "bowl" 有 2 个参数', '目标函数 "bowl" 的 x0 有 1 个值，但目标函数 "bowl" 有 2 个参数', '目标函数 "bowl" 的 x0 有 2 个值，但目标函数 "bowl" 有 1 个参数'],
      ['checkPointWrongLength', '梯度检查点有 3 个值，但目标函数“bowl”有 2 个参数', '梯度检查点有 1 个值，但目标函数“bowl”有 2 个参数', '梯度检查点有 2 个值，但目标函数“bowl”有 1 个参数'],
      ['atWrongLength', '--at 有 3 个值，但目标函数“bowl”有 2 个参数', '--at 有 1 个值，但目标函数“bowl”有 2 个参数', '--at 有 2 个值，但目标函数“bowl”有 1 个参数'],
    ]);
  });

  it('words the words inside a sentence (an option path, what a value is) in the same language; the parse checks them too', () => {
    const text: EngineText = { id: 'optionNumberInRange', args: [{ id: 'optimizerNamed', args: ['adam.lr'] }, '[0, ∞)', -1] };
    const value: EngineText = { id: 'mustReturnNumber', args: ['f', { id: 'valueArrayOf', args: [3] }] };
    assert.equal(engineText(text), 'optimizer adam.lr must be a finite number in [0, ∞) (got -1)');
    assert.equal(engineText(value), 'f must return a number, but it returned an array of 3');
    l10n.config({ contents: zhCn });
    assert.equal(engineText(text), '优化器 adam.lr 必须是 [0, ∞) 范围内的有限数（得到 -1）');
    assert.match(engineText(value), /一个长度为 3 的数组/);
    assert.equal(isEngineText(text), true);
    assert.equal(isEngineText({ id: 'mustReturnNumber', args: ['f', { id: 'noSuchWord', args: [] }] }), false, 'an unknown id inside');
    assert.equal(isEngineText({ id: 'mustReturnNumber', args: ['f', null] }), false);
  });

  it("a diverged run's detail is English in the outcome and Chinese at a zh-cn border", () => {
    const { outcome } = run(quadratic([1], [1]), { optimizer: { type: 'sgd', lr: 2.5 }, iterations: 200 });
    assert.equal(outcome.stopReason, 'diverged');
    assert.equal(outcome.detailText?.id, 'lossExploded');
    assert.match(outcome.detail, /^loss exploded: .* at step \d+$/);
    assert.equal(localizedDetail(outcome.detail, outcome.detailText), outcome.detail);
    l10n.config({ contents: zhCn });
    assert.match(localizedDetail(outcome.detail, outcome.detailText), /^损失爆炸：第 \d+ 步损失 .* > .* × max\(1, \|初始损失 .*\|\)$/);
    // An outcome without the data (a run saved before it existed) keeps its sentence.
    assert.equal(localizedDetail('loss exploded', undefined), 'loss exploded');
  });

  it('a detail that quotes an engine-worded error words it too; the user\'s own exception text stays as written', () => {
    const inner: EngineText = { id: 'gradReturnedWrongLength', args: ['lopsided', 3, 2] };
    const error = { message: engineText(inner), text: inner };
    const detailText: EngineText = { id: 'objectiveThrew', args: ['grad', 1, error.message] };
    const detail = engineText(detailText);
    assert.equal(localizedDetail(detail, detailText, error), 'grad failed at step 1: lopsided.grad returned 3 values, expected 2 (one per parameter)');
    l10n.config({ contents: zhCn });
    assert.equal(localizedDetail(detail, detailText, error), 'grad 在第 1 步出错：lopsided.grad 返回了 3 个值，应为 2 个（每个参数一个）');
    assert.equal(localizedDetail(error.message, undefined, error), 'lopsided.grad 返回了 3 个值，应为 2 个（每个参数一个）', 'an error alone (a config error) is worded by its text');
    const userThrew: EngineText = { id: 'objectiveThrew', args: ['f', 4, 'RangeError: call 4 went wrong'] };
    assert.equal(localizedDetail(engineText(userThrew), userThrew, { message: 'RangeError: call 4 went wrong' }), 'f 在第 4 步出错：RangeError: call 4 went wrong');
  });
});
