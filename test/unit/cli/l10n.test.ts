/** The CLI's language: --lang, else LC_ALL / LC_MESSAGES / LANG; its help in English and in Chinese (node bin/lrlab.js against dist/). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { CliIO } from '../../../src/cli/io';
import { bundleFile, cliLanguage, localeTag } from '../../../src/cli/l10n';
import { stepsAndReason, writeOut } from '../../../src/cli/output/outFile';

const repoRoot = path.join(__dirname, '..', '..', '..');
const l10nDir = path.join(repoRoot, 'l10n');

function lrlab(args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LC_ALL|LC_MESSAGES|LANG|LANGUAGE)$/.test(k)));
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'lrlab.js'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000, env: { ...clean, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lrlab language', function () {
  this.timeout(180_000); // a hang bound: six CLI processes in one test take ~25 s on a busy 2-core machine

  it('reads a POSIX locale as a language tag; C and POSIX say nothing', () => {
    assert.equal(localeTag('zh_CN.UTF-8'), 'zh-cn');
    assert.equal(localeTag('en_US.UTF-8@euro'), 'en-us');
    assert.equal(localeTag('C.UTF-8'), null);
    assert.equal(localeTag('POSIX'), null);
    assert.equal(localeTag(''), null);
    assert.equal(localeTag(undefined), null);
  });

  it('--lang wins over LC_ALL, which wins over LC_MESSAGES and LANG; --lang leaves the arguments', () => {
    assert.deepEqual(cliLanguage(['help', '--lang', 'zh-cn', 'run'], { LANG: 'en_US.UTF-8' }), { language: 'zh-cn', args: ['help', 'run'] });
    assert.deepEqual(cliLanguage(['--lang=en', 'run', 'f.ts'], { LC_ALL: 'zh_CN.UTF-8' }), { language: 'en', args: ['run', 'f.ts'] });
    assert.equal(cliLanguage([], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }).language, 'zh-cn');
    assert.equal(cliLanguage([], { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }).language, 'zh-cn');
    assert.equal(cliLanguage([], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }).language, 'zh-cn', 'C says nothing, LANG decides');
    assert.equal(cliLanguage([], {}).language, 'en');
  });

  it('finds the zh-cn bundle for zh-cn, zh, zh-hans and zh-sg; none for English or a language without one', () => {
    for (const language of ['zh-cn', 'zh', 'zh-hans', 'zh-sg']) assert.equal(bundleFile(language, l10nDir), path.join(l10nDir, 'bundle.l10n.zh-cn.json'), language);
    for (const language of ['en', 'en-us', 'fr', 'zh-tw']) assert.equal(bundleFile(language, l10nDir), null, language);
  });

  describe('bin/lrlab.js', () => {
    before(() => {
      if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build before these tests');
    });

    it('prints its help in Chinese under LANG=zh_CN.UTF-8 or --lang zh-cn, in English otherwise', () => {
      const zh = lrlab(['--help'], { LANG: 'zh_CN.UTF-8' });
      assert.equal(zh.code, 0, zh.stderr);
      assert.match(zh.stdout, /^lrlab：在 TypeScript 文件中的目标函数上运行 PyTorch 风格的优化器和学习率调度/);
      assert.match(zh.stdout, /退出码：\n {2}0 {4}完成/);
      const run = lrlab(['help', 'run', '--lang', 'zh-cn'], {});
      assert.match(run.stdout, /--lr N {16}基础学习率/);
      assert.match(run.stdout, /最大步数（默认 200）/, 'the defaults fill the placeholders');
      const en = lrlab(['--help'], { LANG: 'C.UTF-8' });
      assert.match(en.stdout, /^lrlab: run PyTorch-style optimizers and learning-rate schedules/);
      assert.match(en.stdout, /Exit codes:\n {2}0 {4}finished/);
    });

    it('prints the run report in Chinese: its labels, the table head, how the run ended and its result', () => {
      const r = lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', '--iterations', '20', '--lang', 'zh-cn'], {});
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.match(lines[0]!, /^quadratic {2}examples\/quadratic\.ts · 对象形式 · 2 个参数 · 梯度：它自己的 grad$/);
      assert.match(lines[1]!, /^优化器 {8}adam \(lr=0\.001, /, 'labels padded to one column of the terminal (a Chinese character is two)');
      assert.match(lines[3]!, /^运行 {10}20 次迭代 · 随机种子 0 · x0 \[-2, 1\]$/);
      assert.match(r.stdout, /\n步 +学习率 +损失 +梯度范数 +参数（该步之后）\n/);
      assert.match(r.stdout, /\n已停止 {8}maxIterations: 已达到 20 步的迭代上限\n结果 {10}最终损失 [\d.]+ · 最佳 [\d.]+ · 20 步，用时 [\d.]+ (ms|µs)\n$/);
      // No English left but the config's and the engine's names.
      assert.deepEqual(r.stdout.match(/\b(?!maxIterations|quadratic|examples|adam|lr|betas|eps|weightDecay|amsgrad|false|constant|grad|ms)[A-Za-z]{3,}\b/g), null);
    });

    it('prints a formula card in Chinese (lrlab explain), wrapped at 100 terminal columns', () => {
      const r = lrlab(['explain', 'adagrad', '--lang', 'zh-cn'], {});
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^adagrad: Adagrad \(torch\.optim\.Adagrad\)\n {2}逐参数/);
      assert.match(r.stdout, /与 Keras \/ TF\.js \/ Optax 的差异\n {2}Keras、TF\.js 和 Optax 把 ε 放在平方根里面/);
      assert.match(r.stdout, /一篇被广泛转载的 AdaGrad 讲解：θ₁ = \(−0\.0010, −0\.0005\)/);
      assert.match(r.stdout, /学习率 γ（默认：1e-2）/, 'the option docs');
      const width = (line: string): number => [...line].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
      const prose = r.stdout.split('\n').filter((line) => /[\u4e00-\u9fff]/.test(line) && !/ {2}\S+ +\S+ +[\d.e-]+ {2}/.test(line));
      assert.deepEqual(prose.filter((line) => width(line) > 100), [], 'Chinese prose lines longer than 100 columns');
      const en = lrlab(['explain', 'adagrad'], { LANG: 'C' });
      assert.match(en.stdout, /Differs from Keras \/ TF\.js \/ Optax\n {2}Keras, TF\.js and Optax put ε inside the root/);
    });

    it('prints the lr range test (find-lr) in Chinese: what ran, the table head, why it stopped, the rules, the run to try', () => {
      const r = lrlab(['find-lr', 'examples/quadratic.ts', '--objective', 'quadratic', '--num-it', '20', '--lang', 'zh-cn'], {});
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^学习率范围测试 {2}examples\/quadratic\.ts · adam \(.*\) · 学习率 1e-7 → 10，共 20 步（指数递增），随机种子 0\n/);
      assert.match(r.stdout, /\n *步 +学习率 +损失 +平滑后\n/);
      assert.match(r.stdout, /\n已停止 {10}numIt: 已达到 20 步的迭代上限\n/);
      assert.match(r.stdout, /\nsteep {11}\S+ +平滑损失随对数学习率下降最快之处\n/);
      assert.match(r.stdout, /\n试试 {12}lrlab run examples\/quadratic\.ts .* （valley，3 位有效数字）\n$/);
    });

    it('prints lrlab check, list, schedule and sweep in Chinese (json stays data)', () => {
      const check = lrlab(['check', 'test/fixtures/wrongGradient.ts', '--lang', 'zh-cn'], {});
      assert.equal(check.code, 1);
      assert.match(check.stdout, /^mistaken：在 x0 处的梯度检验未通过（2 个参数，相对容差 1e-6）\n/);
      assert.match(check.stdout, /\n {2}grad 对比 精确梯度：不一致 · 最大绝对误差 4 · 最大相对误差 0\.666667\n/);
      assert.match(check.stderr, /^lrlab: mistaken\.grad 与 有限差分、精确梯度 都不一致 （最差：x\[1\]，相对误差 0\.666667 > 1e-6）\n$/);
      const list = lrlab(['list', 'examples/quadratic.ts', '--lang', 'zh-cn'], {});
      assert.match(list.stdout, /^名称 +形式 +维数 +梯度 +随机（小批量） +指标 +行\nquadratic +对象 +2 +user +否 +否 +\d+\n/);
      const schedule = lrlab(['schedule', '--schedule', 'exponential', '--lr', '1', '--steps', '2', '--format', 'table', '--lang', 'zh-cn'], {});
      assert.match(schedule.stdout, /^步 +学习率\n/);
      const sweep = lrlab(['sweep', 'examples/quadratic.ts', '--objective', 'quadratic', '--lr', '0.01:1:3', '--optimizer', 'sgd', '--lang', 'zh-cn'], {});
      assert.match(sweep.stdout, /^扫描 {3}examples\/quadratic\.ts › quadratic · 3 格，在 \d 个工作线程上运行，用时 /);
      assert.match(sweep.stdout, /\n最终损失\n +学习率 0\.01 +学习率 0\.1 +学习率 1\nsgd · constant .* 已发散\n/);
      assert.match(sweep.stdout, /\n最佳 {3}sgd · constant · 学习率 0\.1：200 步后最终损失 \S+（maxIterations）\n/);
    });

    it('says a usage error in Chinese too', () => {
      const r = lrlab(['frobnicate', '--lang', 'zh-cn'], {});
      assert.equal(r.code, 2);
      assert.match(r.stderr, /未知命令 "frobnicate"；可用命令：run, find-lr/);
    });

    it("says how a run failed in Chinese on stderr, at its file:line:col, with the user's own exception text verbatim", () => {
      const grad = lrlab(['run', 'test/fixtures/wrongGradLength.ts', '--lang', 'zh-cn'], {});
      assert.equal(grad.code, 1);
      assert.equal(grad.stderr, 'lrlab: test/fixtures/wrongGradLength.ts:4:3: grad 在第 1 步出错：lopsided.grad 返回了 3 个值，应为 2 个（每个参数一个）\n');
      assert.match(grad.stdout, /\n已停止 +error: grad 在第 1 步出错：lopsided\.grad 返回了 3 个值/, 'the report quotes the worded error too');
      const thrown = lrlab(['run', 'test/fixtures/throwsInF.ts'], { LANG: 'zh_CN.UTF-8' });
      assert.equal(thrown.code, 1);
      assert.equal(thrown.stderr, 'lrlab: test/fixtures/throwsInF.ts:7:28: f 在第 4 步出错：RangeError: call 4 went wrong\n');
      const english = lrlab(['run', 'test/fixtures/wrongGradLength.ts'], { LANG: 'C.UTF-8' });
      assert.equal(english.stderr, 'lrlab: test/fixtures/wrongGradLength.ts:4:3: grad failed at step 1: lopsided.grad returned 3 values, expected 2 (one per parameter)\n');
    });

    it('says the config errors people type in Chinese: an unknown optimizer, schedule, option or flag, a number out of range, a bad pair, a bad flag value', () => {
      const zh = (...flags: string[]): string => {
        const r = lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', ...flags, '--lang', 'zh-cn'], {});
        assert.equal(r.code, 2, r.stderr);
        return r.stderr;
      };
      assert.equal(zh('--lr', '-1'), 'lrlab: 优化器 adam.lr 必须是 [0, ∞) 范围内的有限数（得到 -1）\n');
      assert.match(zh('--optimizer', 'adamm'), /^lrlab: 未知优化器 "adamm"；可用的优化器：sgd, adagrad, .*, dAdaptAdam\n$/);
      assert.match(zh('--schedule', 'cosin'), /^lrlab: 未知学习率调度 "cosin"；可用的调度：constant, step, .*, gradientBased\n$/);
      assert.equal(zh('--set', 'momentu=0.9'), 'lrlab: 优化器 adam 没有选项 "momentu"；可用的选项：lr, betas, eps, weightDecay, amsgrad\n');
      assert.equal(zh('--set', 'betas=1'), 'lrlab: 优化器 adam.betas 必须是一对数 [a, b]（得到 1）\n');
      assert.equal(zh('--set', 'betas=[2,0.9]'), 'lrlab: 优化器 adam.betas[0] 必须是 [0, 1) 范围内的有限数（得到 2）\n');
      assert.equal(zh('--set', 'amsgrad=2'), 'lrlab: 优化器 adam.amsgrad 必须是 true 或 false（得到 2）\n');
      assert.equal(zh('--iterations', '0'), 'lrlab: --iterations 必须是正整数（得到 "0"）\n');
      assert.equal(zh('--iteration', '3'), 'lrlab: 未知选项 --iteration；您是想用 --iterations 吗？（参见 lrlab help run）\n');
      assert.equal(zh('--format', 'xml'), 'lrlab: --format 必须是 table, json, csv 之一（得到 "xml"）\n');
      assert.equal(zh('--x0', '1,,2'), 'lrlab: --x0：共 3 项中的第 2 项为空；请写成例如 --x0 -1.2,1\n');
      const english = lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', '--lr', '-1'], { LANG: 'C.UTF-8' });
      assert.equal(english.stderr, 'lrlab: optimizer adam.lr must be a finite number in [0, ∞) (got -1)\n');
    });

    it('says the rarer config errors in Chinese: nested schedules, list options, run and lr finder options, cross-option rules', () => {
      const zh = (args: string[], config?: unknown): string => {
        const r = lrlab([...args, ...(config === undefined ? [] : ['--config', JSON.stringify(config)]), '--lang', 'zh-cn'], {});
        assert.equal(r.code, 2, r.stderr);
        return r.stderr;
      };
      const run = ['run', 'examples/quadratic.ts', '--objective', 'quadratic'];
      assert.match(zh(run, { schedule: { type: 'sequential', schedules: [{ type: 'cosin' }, { type: 'constant' }] } }), /^lrlab: schedule\.schedules\[0\]：未知学习率调度 "cosin"；可用的调度：constant, .*\n$/);
      assert.equal(zh(run, { schedule: { type: 'sequential', schedules: [{ type: 'constant' }, {}] } }), 'lrlab: 学习率调度 sequential.schedules[1].type 必须是带 "type" 的学习率调度配置（得到 无）\n');
      assert.equal(zh(run, { schedule: { type: 'sequential', schedules: [{ type: 'constant' }], milestones: [5] } }), 'lrlab: 学习率调度 sequential.milestones 的项数必须比 schedules 少一个（得到 1 个学习率调度和 1 个里程碑）\n');
      assert.equal(zh(run, { schedule: { type: 'multiStep', milestones: [30, 20] } }), 'lrlab: 学习率调度 multiStep.milestones 必须严格递增（得到 [30,20]）\n');
      assert.equal(zh(run, { schedule: { type: 'multiStep', milestones: 5 } }), 'lrlab: 学习率调度 multiStep.milestones 必须是由数组成的数组（得到 5）\n');
      assert.equal(zh(run, { schedule: { type: 'multiStep', milestones: [10, -1] } }), 'lrlab: 学习率调度 multiStep.milestones[1] 必须是 [0, ∞) 范围内的整数（得到 -1）\n');
      assert.equal(zh(run, { schedule: { type: 'cyclic', baseLr: 0.1, maxLr: 0.01 } }), 'lrlab: 学习率调度 cyclic.maxLr 必须 ≥ baseLr（得到 maxLr 0.01 和 baseLr 0.1）\n');
      assert.equal(zh(run, { optimizer: { type: 'sgd', nesterov: true } }), 'lrlab: 优化器 sgd：nesterov 需要动量 momentum > 0 且 dampening = 0（得到 momentum 0，dampening 0）\n');
      assert.match(zh(run, { iteratons: 5 }), /^lrlab: 未知的运行选项 "iteratons"；可用的选项：optimizer, schedule, iterations, .*\n$/);
      assert.equal(zh(run, { tolerance: { gradNorm: -1 } }), 'lrlab: config.tolerance.gradNorm 必须 ≥ 0\n');
      assert.equal(zh(run, { clip: 5 }), 'lrlab: config.clip 必须是 {"maxNorm": N} 或 {"value": N}（N > 0），或 null\n');
      assert.equal(zh(run, { gradient: 'best' }), 'lrlab: config.gradient 必须是 "auto"、"exact" 或 "numeric"\n');
      const finder = ['find-lr', 'examples/quadratic.ts', '--objective', 'quadratic'];
      assert.equal(zh([...finder, '--num-it', '3']), 'lrlab: 学习率查找器 numIt 必须是 ≥ 6 的整数（建议值会去掉开头十分之一和最后 5 步）\n');
      assert.equal(zh([...finder, '--start-lr', '1', '--end-lr', '0.5']), 'lrlab: 学习率查找器的 endLr（0.5）必须大于其 startLr（1）\n');
      // English as before.
      const english = (args: string[], config: unknown): string => lrlab([...args, '--config', JSON.stringify(config)], { LANG: 'C.UTF-8' }).stderr;
      assert.equal(english(run, { schedule: { type: 'multiStep', milestones: [30, 20] } }), 'lrlab: schedule multiStep.milestones must be strictly increasing (got [30,20])\n');
      assert.equal(english(run, { clip: 5 }), 'lrlab: config.clip must be {"maxNorm": N} or {"value": N} with N > 0, or null\n');
      assert.match(english(run, { schedule: { type: 'sequential', schedules: [{ type: 'cosin' }, { type: 'constant' }] } }), /^lrlab: schedule\.schedules\[0\]: unknown schedule "cosin"; valid schedules: constant, /);
    });

    it("says the loader's problems with a file in Chinese, with what a value is in words", () => {
      const zh = (...args: string[]): { code: number | null; stderr: string } => lrlab([...args, '--lang', 'zh-cn'], {});
      assert.equal(zh('run', 'examples/quadratic.ts', '--objective', 'nope').stderr, 'lrlab: quadratic.ts 没有名为 "nope" 的导出项；它的目标函数有 quadratic, sphere\n');
      assert.equal(zh('run', 'test/fixtures/badShapes.ts', '--objective', 'noF').stderr, 'lrlab: noF.f 必须是函数 (x) => number，但它是一个 number 类型的值\n');
      assert.equal(zh('run', 'test/fixtures/badShapes.ts', '--objective', 'dataNotArray').stderr, 'lrlab: test/fixtures/badShapes.ts:4:43: dataNotArray.data 必须是数据项组成的数组，但它是一个 string 类型的值\n');
      assert.equal(
        zh('run', 'test/fixtures/badShapes.ts', '--objective', 'NotAnObjective').stderr,
        'lrlab: badShapes.ts 的导出项 "NotAnObjective" 不是目标函数（它是一个类）；请导出一个函数 `(x: number[]) => number`（带 `@x0 [...]` JSDoc 标签）或一个对象 `{ x0: [...], f(x) { ... } }`\n',
      );
      assert.equal(zh('run', 'test/fixtures/noStartingPoint.ts').stderr, 'lrlab: test/fixtures/noStartingPoint.ts:2: untagged 没有起始点：请添加 JSDoc 标签 `@x0 [...]` 或传入 --x0\n');
      const english = lrlab(['run', 'test/fixtures/badShapes.ts', '--objective', 'noF'], { LANG: 'C.UTF-8' });
      assert.equal(english.stderr, 'lrlab: noF.f must be a function (x) => number, but it is a number\n');
    });

    it("says why there is no exact gradient in Chinese (list, the run's report, --gradient exact); json keeps the English reason", () => {
      const file = 'test/fixtures/autodiff/unsupported/optOut.ts';
      const list = lrlab(['list', file, '--lang', 'zh-cn'], {});
      assert.match(list.stdout, /plain：使用数值梯度（numeric），因为 test\/fixtures\/autodiff\/unsupported\/optOut\.ts:1: 该文件用 \/\/ @lrlab-gradient numeric 选择不使用精确梯度\n/);
      const run = lrlab(['run', file, '--iterations', '2', '--no-typecheck', '--lang', 'zh-cn'], {});
      assert.match(run.stdout, /\n梯度 +不是精确梯度：test\/fixtures\/autodiff\/unsupported\/optOut\.ts:1: 该文件用 \/\/ @lrlab-gradient numeric 选择不使用精确梯度\n/);
      const exact = lrlab(['run', file, '--iterations', '2', '--no-typecheck', '--gradient', 'exact', '--lang', 'zh-cn'], {});
      assert.equal(exact.stderr, `lrlab: ${file}:1: 无法记录精确梯度：该文件用 // @lrlab-gradient numeric 选择不使用精确梯度\n`);
      const json = JSON.parse(lrlab(['list', file, '--format', 'json', '--lang', 'zh-cn'], {}).stdout) as { objectives: { gradient: Record<string, unknown> }[] };
      assert.deepEqual(json.objectives[0]!.gradient, { source: 'numeric', reason: 'the file opts out with // @lrlab-gradient numeric', location: { file: path.join(repoRoot, file), line: 1 } });
      // What the autodiff runtime saw (a leak), worded the same way.
      const random = lrlab(['list', 'test/fixtures/autodiff/unsupported/mathRandom.ts', '--lang', 'zh-cn'], {});
      assert.match(random.stdout, /noisy：使用数值梯度（numeric），因为 test\/fixtures\/autodiff\/unsupported\/mathRandom\.ts:5:26: 调用了 Math\.random\(\)，因此目标函数不只取决于参数\n/);
      const english = lrlab(['run', file, '--iterations', '2', '--no-typecheck', '--gradient', 'exact'], { LANG: 'C.UTF-8' });
      assert.equal(english.stderr, `lrlab: ${file}:1: the exact gradient cannot be recorded: the file opts out with // @lrlab-gradient numeric\n`);
    });

    it("says lrlab's notes in Chinese: type-check warnings, --strict, --out checked and written, a missing file", () => {
      const tmp = mkdtempSync(path.join(tmpdir(), 'lrlab-l10n-'));
      try {
        const warned = lrlab(['run', 'test/fixtures/typeError.ts', '--iterations', '3', '--lang', 'zh-cn'], {});
        assert.equal(warned.code, 0, warned.stderr);
        // TypeScript's own words in Chinese too (its lib/zh-cn messages, as VS Code shows them).
        assert.match(warned.stderr, /^lrlab: 警告：test\/fixtures\/typeError\.ts:\d+:7: 不能将类型“string”分配给类型“number”。 \(TS2322\)\n$/);
        const strict = lrlab(['run', 'test/fixtures/typeError.ts', '--strict', '--lang', 'zh-cn'], {});
        assert.equal(strict.code, 1);
        assert.match(strict.stderr, /\nlrlab: test\/fixtures\/typeError\.ts 中有 1 个类型错误（--strict 只运行没有类型错误的文件）\n$/);
        const noDir = lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', '--out', '/no/such/dir/run.csv', '--lang', 'zh-cn'], {});
        assert.equal(noDir.stderr, 'lrlab: --out /no/such/dir/run.csv：没有目录 /no/such/dir；没有运行任何内容\n');
        const out = path.join(tmp, 'run.csv');
        const wrote = lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', '--iterations', '3', '--no-typecheck', '--format', 'csv', '--out', out, '--lang', 'zh-cn'], {});
        assert.equal(wrote.stdout, `已把 csv（3 步，maxIterations）写入 ${out}\n`);
        assert.match(readFileSync(out, 'utf8'), /^step,lr,loss,gradNorm/, 'the csv itself is data: its head stays English');
        const missing = lrlab(['run', 'no-such-file.ts', '--lang', 'zh-cn'], {});
        assert.equal(missing.stderr, 'lrlab: 无法读取 no-such-file.ts：没有这个文件\n');
        const english = lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', '--iterations', '3', '--no-typecheck', '--format', 'csv', '--out', out], { LANG: 'C.UTF-8' });
        assert.equal(english.stdout, `wrote csv (3 steps, maxIterations) to ${out}\n`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });

    it('says in Chinese that --out could not be written after the run, and prints the output instead', () => {
      l10n.config({ contents: JSON.parse(readFileSync(path.join(l10nDir, 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
      try {
        const io = { out: '', err: '' };
        const sink = { out: (t: string) => (io.out += t), err: (t: string) => (io.err += t) } as unknown as CliIO;
        const written = writeOut(sink, 'gone/run.json', path.join(tmpdir(), 'lrlab-no-such-dir', 'gone', 'run.json'), '{}\n', 'json', stepsAndReason(1, 'maxIterations'));
        assert.equal(written, false);
        assert.equal(io.err, 'lrlab: 无法写入 --out gone/run.json（ENOENT）；输出改为打印到标准输出\n');
        assert.equal(io.out, '{}\n');
      } finally {
        l10n.config({ contents: {} });
      }
    });

    it('says in Chinese what is wrong with an lr grid, --at, a batch size for an objective without data, a flavor and an explain name', () => {
      const grid = lrlab(['sweep', 'examples/rosenbrock.ts', '--lr', '1:0:3', '--lang', 'zh-cn'], {});
      assert.equal(grid.code, 2);
      assert.equal(grid.stderr, 'lrlab: --lr: 学习率网格 "1:0:3"：a:b:n 的两端都必须是大于 0 的数（对数间隔）\n');
      const at = lrlab(['gradient', 'examples/rosenbrock.ts', '--at', '1,2,3', '--lang', 'zh-cn'], {});
      assert.equal(at.stderr, 'lrlab: --at 有 3 个值，但目标函数 "rosenbrock" 有 2 个参数（其 x0 有 2 个值）\n');
      const batch = lrlab(['run', 'examples/rosenbrock.ts', '--batch-size', '4', '--lang', 'zh-cn'], {});
      assert.equal(batch.stderr, 'lrlab: batchSize 4 用于带 data 的目标函数（小批量形式）；目标函数“rosenbrock”没有 data，因此每一步都计算整个 f\n');
      const flavor = lrlab(['run', 'examples/rosenbrock.ts', '--optimizer', 'lion', '--set', 'flavor=keras', '--lang', 'zh-cn'], {});
      assert.equal(flavor.stderr, 'lrlab: 优化器 lion.flavor：Keras 3 版本的 lion 尚未建模；lion 可用的有 "pytorch"\n');
      const explain = lrlab(['explain', 'adamm', '--lang', 'zh-cn'], {});
      assert.match(explain.stderr, /^lrlab: 没有名为 "adamm" 的优化器或学习率调度；优化器：sgd, .*；学习率调度：constant, /);
      const english = lrlab(['run', 'examples/rosenbrock.ts', '--batch-size', '4'], { LANG: 'C.UTF-8' });
      assert.equal(english.stderr, 'lrlab: batchSize 4 is for objectives with data (the mini-batch form); objective "rosenbrock" has none, so every step evaluates all of f\n');
    });

    it('says in Chinese what is wrong with the values the objective returns and with x0', () => {
      const metric = lrlab(['run', 'test/fixtures/badValues.ts', '--objective', 'textMetric', '--lang', 'zh-cn'], {});
      assert.equal(metric.code, 1);
      assert.equal(metric.stderr, 'lrlab: test/fixtures/badValues.ts:13:12: metrics 在第 4 步出错：textMetric.metrics 必须返回由数值组成的对象，例如 { accuracy: 0.9 }，但 "grade" 是 "high"\n');
      const x0 = lrlab(['run', 'test/fixtures/wrongGradLength.ts', '--x0', '1,2,3', '--lang', 'zh-cn'], {});
      assert.equal(x0.code, 2);
      assert.equal(x0.stderr, 'lrlab: --x0 有 3 个值，但目标函数 "lopsided" 有 2 个参数（其 x0 有 2 个值）\n');
      const none = lrlab(['run', 'test/fixtures/noObjective.ts', '--lang', 'zh-cn'], {});
      assert.equal(none.stderr, 'lrlab: noObjective.ts 没有导出目标函数：请导出一个函数 `(x: number[]) => number`（带 `@x0 [...]` JSDoc 标签）或一个对象 `{ x0: [...], f(x) { ... } }`\n');
      const two = lrlab(['run', 'test/fixtures/twoObjectives.ts', '--lang', 'zh-cn'], {});
      assert.equal(two.stderr, 'lrlab: twoObjectives.ts 导出了 2 个目标函数（first, second）；请按名称选择一个\n');
      const load = lrlab(['run', 'test/fixtures/throwsAtLoad.ts', '--lang', 'zh-cn'], {});
      assert.equal(load.stderr, 'lrlab: test/fixtures/throwsAtLoad.ts:4:31: throwsAtLoad.ts 在加载时抛出异常：the table needs 4 entries\n', "the user's own exception text stays as written");
      const english = lrlab(['run', 'test/fixtures/badValues.ts', '--objective', 'textMetric'], { LANG: 'C.UTF-8' });
      assert.equal(english.stderr, 'lrlab: test/fixtures/badValues.ts:13:12: metrics failed at step 4: textMetric.metrics must return an object of numbers like { accuracy: 0.9 }, but "grade" is "high"\n');
    });
  });
});
