/**
 * `lrlab.*` settings in a real extension host: changed with
 * `WorkspaceConfiguration.update(…, ConfigurationTarget.Workspace)` (as the Settings editor
 * does), they reach the controls at once and the next `lrlab.runOptimizer` runs with them —
 * its resolved config, its lr per step and its record count — with PyTorch's defaults for
 * what is left unset. Settings are put back after the suite.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertAllClose, assertStopReason, lrlab, nextCompletion, open, quadraticBowl, runCommand, runOf, sgdByHand, SettingsScope, type ControlValues, type LrLabApi } from './support';

const X0 = [0, 0]; // quadraticBowl's start

/** The settings these tests change, unset (undefined removes a workspace setting). */
const UNSET = {
  optimizer: undefined,
  learningRate: undefined,
  'option.momentum': undefined,
  'option.beta2': undefined,
  optimizerOptions: undefined,
  schedule: undefined,
  'scheduleOption.gamma': undefined,
  scheduleOptions: undefined,
  iterations: undefined,
  gradient: undefined,
};

describe('settings: lrlab.* settings drive the next run', () => {
  let api: LrLabApi;
  let uri: vscode.Uri;
  const settings = new SettingsScope();

  /**
   * Sets the settings (every one a test may change: unset unless given, so no test depends on
   * another's), waits for the controls to follow, runs quadraticBowl with the command.
   */
  async function runWith(values: Parameters<SettingsScope['set']>[0], controls: ControlValues) {
    await settings.set({ ...UNSET, ...values }, api, controls);
    const completion = await runCommand(api, uri, 'quadraticBowl');
    return { completion, run: runOf(api, completion) };
  }

  before(async () => {
    api = await lrlab();
    uri = (await open('fixtures/quadraticBowl.ts')).document.uri;
  });

  // Settings writes are slow (a few hundred ms each): each test writes only what differs from
  // the one before, and the suite puts everything back at the end.
  after(async () => {
    await settings.restore();
  });

  it('optimizer, learningRate, iterations, schedule and scheduleOptions: the resolved config, the lr of each step and the record count follow them', async () => {
    const { completion, run } = await runWith(
      { optimizer: 'sgd', learningRate: 0.02, iterations: 25, schedule: 'step', scheduleOptions: { stepSize: 10, gamma: 0.5 } },
      { optimizer: { type: 'sgd', lr: 0.02 }, schedule: { type: 'step', stepSize: 10, gamma: 0.5 }, iterations: 25 },
    );
    assertStopReason(completion, 'maxIterations');
    const { config } = run.meta;
    assert.equal(config.optimizer.type, 'sgd');
    assert.equal(config.optimizer.lr, 0.02);
    assert.equal(config.iterations, 25);
    assert.equal(config.schedule.type, 'step');
    assert.equal(config.schedule.stepSize, 10);
    assert.equal(config.schedule.gamma, 0.5);
    assert.equal(run.data.loss.length, 25);
    assert.equal(completion.outcome!.steps, 25);
    // StepLR: lr · γ^⌊t/stepSize⌋ at step t+1.
    const lrs = Array.from({ length: 25 }, (_, t) => 0.02 * 0.5 ** Math.floor(t / 10));
    assertAllClose(run.data.lr, lrs, 1e-15, 'lr');
    assertAllClose(run.data.loss, sgdByHand(quadraticBowl, X0, lrs).losses, 1e-12, 'loss');
  });

  it('learningRate left unset: the optimizer’s PyTorch default (RMSprop lr 1e-2, alpha 0.99, eps 1e-8)', async () => {
    const { completion, run } = await runWith({ optimizer: 'rmsprop', iterations: 5 }, { optimizer: { type: 'rmsprop' }, schedule: { type: 'constant' }, iterations: 5 });
    assertStopReason(completion, 'maxIterations');
    const { optimizer } = run.meta.config;
    assert.deepEqual([optimizer.type, optimizer.lr, optimizer.alpha, optimizer.eps, optimizer.momentum, optimizer.centered], ['rmsprop', 0.01, 0.99, 1e-8, 0, false]);
    assert.deepEqual(run.data.lr, [0.01, 0.01, 0.01, 0.01, 0.01]);
    // torch.optim.RMSprop's first step from a zero square average: v = (1 − α) g², x ← x − lr·g / (√v + eps).
    const g = quadraticBowl.grad(X0);
    const x1 = X0.map((x, i) => x - (0.01 * g[i]!) / (Math.sqrt(0.01 * g[i]! ** 2) + 1e-8));
    assertAllClose(run.data.loss.slice(0, 2), [quadraticBowl.f(X0), quadraticBowl.f(x1)], 1e-12, 'loss');
  });

  it('optimizerOptions: SGD with momentum 0.9 (torch.optim.SGD’s momentum buffer), in the label too', async () => {
    const { run } = await runWith(
      { optimizer: 'sgd', learningRate: 0.01, optimizerOptions: { momentum: 0.9 }, iterations: 12 },
      { optimizer: { type: 'sgd', lr: 0.01, momentum: 0.9 }, schedule: { type: 'constant' }, iterations: 12 },
    );
    assert.equal(run.meta.config.optimizer.momentum, 0.9);
    assert.match(run.meta.label, /^sgd lr=0\.01 momentum=0\.9/);
    assertAllClose(run.data.loss, sgdByHand(quadraticBowl, X0, new Array<number>(12).fill(0.01), 0.9).losses, 1e-12, 'loss');
    // Without momentum the losses differ from step 3 on: the option really reached the optimizer.
    assert.notEqual(run.data.loss[2], sgdByHand(quadraticBowl, X0, [0.01, 0.01, 0.01]).losses[2]);
  });

  it('scalar settings (what the Settings UI edits): lrlab.option.momentum and lrlab.scheduleOption.gamma win over the objects and reach the run', async () => {
    // The scalars as the Settings UI writes them; the objects say otherwise, and lose.
    const { run } = await runWith(
      { optimizer: 'sgd', learningRate: 0.01, 'option.momentum': 0.9, 'option.beta2': 0.5, optimizerOptions: { momentum: 0.1, nesterov: false }, schedule: 'step', 'scheduleOption.gamma': 0.5, scheduleOptions: { stepSize: 4, gamma: 0.9 }, iterations: 12 },
      { optimizer: { type: 'sgd', lr: 0.01, momentum: 0.9, nesterov: false }, schedule: { type: 'step', stepSize: 4, gamma: 0.5 }, iterations: 12 },
    );
    const { optimizer, schedule } = run.meta.config;
    assert.deepEqual([optimizer.momentum, optimizer.betas, schedule.gamma, schedule.stepSize], [0.9, undefined, 0.5, 4], 'SGD has no betas: β₂ is left out');
    const lrs = Array.from({ length: 12 }, (_, t) => 0.01 * 0.5 ** Math.floor(t / 4));
    assertAllClose(run.data.lr, lrs, 1e-15, 'lr');
    assertAllClose(run.data.loss, sgdByHand(quadraticBowl, X0, lrs, 0.9).losses, 1e-12, 'loss');

    // Cleared (the Settings UI's "Reset Setting"): the object's momentum applies again.
    const again = await runWith(
      { optimizer: 'sgd', learningRate: 0.01, optimizerOptions: { momentum: 0.1, nesterov: false }, iterations: 3 },
      { optimizer: { type: 'sgd', lr: 0.01, momentum: 0.1, nesterov: false }, schedule: { type: 'constant' }, iterations: 3 },
    );
    assert.equal(again.run.meta.config.optimizer.momentum, 0.1);
  });

  it('gradient = numeric: central differences even though the objective has grad', async () => {
    const { run } = await runWith({ optimizer: 'sgd', learningRate: 0.05, iterations: 6, gradient: 'numeric' }, { optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'constant' }, iterations: 6 });
    assert.equal(run.meta.gradient, 'numeric');
    assertAllClose(run.data.loss, sgdByHand(quadraticBowl, X0, new Array<number>(6).fill(0.05)).losses, 1e-7, 'loss');
  });

  it('gradient = exact: the gradient LR Lab records from f, even though the objective has grad', async () => {
    const { run } = await runWith({ optimizer: 'sgd', learningRate: 0.05, iterations: 6, gradient: 'exact' }, { optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'constant' }, iterations: 6 });
    assert.equal(run.meta.gradient, 'exact');
    assert.equal(run.meta.config.gradient, 'exact');
    assertAllClose(run.data.loss, sgdByHand(quadraticBowl, X0, new Array<number>(6).fill(0.05)).losses, 1e-12, 'loss');
  });

  it('an invalid value is refused with the reason (no run), and the next valid value runs', async () => {
    const before = api.runs().length;
    await settings.set({ ...UNSET, optimizer: 'sgd', learningRate: 0.01, optimizerOptions: { momentum: -1 }, iterations: 3 }, api, {
      optimizer: { type: 'sgd', lr: 0.01, momentum: -1 },
      schedule: { type: 'constant' },
      iterations: 3,
    });
    const announced = nextCompletion(api);
    const returned = await vscode.commands.executeCommand<{ status: string; reason?: string }>('lrlab.runOptimizer', uri, 'quadraticBowl');
    const refused = await announced;
    assert.equal(refused.status, 'refused');
    assert.equal(returned?.status, 'refused');
    assert.equal(refused.runId, null);
    assert.match(refused.reason ?? '', /momentum/);
    assert.equal(api.runs().length, before, 'nothing ran');

    await settings.set({ optimizerOptions: { momentum: 0.5 } }, api, { optimizer: { type: 'sgd', lr: 0.01, momentum: 0.5 }, schedule: { type: 'constant' }, iterations: 3 });
    const completion = await runCommand(api, uri, 'quadraticBowl');
    assertStopReason(completion, 'maxIterations');
    assert.equal(runOf(api, completion).meta.config.optimizer.momentum, 0.5);
  });
});
