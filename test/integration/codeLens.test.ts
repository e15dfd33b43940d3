/**
 * The CodeLens in a real extension host: `▶ Run optimizer | Compare…` over each objective's
 * export line (asked for with `vscode.executeCodeLensProvider`, as the editor does), with the
 * command and arguments that run that objective; lenses follow edits and the
 * `lrlab.codeLens.enabled` setting.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertClose, assertStopReason, lineOf, lrlab, lrlabLenses, nextCompletion, open, runOf, scratchCopy, SettingsScope, waitFor, type LrLabApi, type RunCompletion } from './support';

const ITERATIONS = 15;
const LR = 0.01;

/** The ▶ lens' title under this suite's settings: the label of the run it would start. */
const RUN_TITLE = `▶ Run sgd lr=${LR} · ${ITERATIONS} steps`;

/** What the lenses of one objective should be. */
function expectedLenses(uri: vscode.Uri, objective: string, line: number) {
  return [
    { title: RUN_TITLE, command: 'lrlab.runOptimizer', arguments: [uri.toString(), objective], line },
    { title: 'Compare…', command: 'lrlab.compare', arguments: [uri.toString(), objective], line },
    { title: 'Find lr', command: 'lrlab.findLr', arguments: [uri.toString(), objective], line },
  ];
}

/** A lens in plain data (the uri argument as a string) for deepEqual. */
function describeLens(lens: vscode.CodeLens) {
  const args = lens.command?.arguments ?? [];
  return {
    // A repeat of a config already run there is "#2", "#3", … (other suites may have run it).
    title: lens.command?.title.replace(/ #\d+$/, ''),
    command: lens.command?.command,
    arguments: args.map((a: unknown) => (a instanceof vscode.Uri ? a.toString() : a)),
    line: lens.range.start.line,
  };
}

describe('codeLens: ▶ Run optimizer | Compare… over each objective', () => {
  let api: LrLabApi;
  const suiteSettings = new SettingsScope();
  const testSettings = new SettingsScope();

  before(async () => {
    api = await lrlab();
    await suiteSettings.set({ optimizer: 'sgd', learningRate: LR, schedule: 'constant', iterations: ITERATIONS }, api, {
      optimizer: { type: 'sgd', lr: LR },
      schedule: { type: 'constant' },
      iterations: ITERATIONS,
    });
  });

  afterEach(async () => {
    await testSettings.restore();
  });

  after(async () => {
    await suiteSettings.restore();
  });

  it('rosenbrock.ts: the three lenses on the line of `export const rosenbrock`, each with its command and (uri, name)', async () => {
    const { document } = await open('rosenbrock.ts');
    const lenses = await lrlabLenses(document.uri);
    assert.deepEqual(lenses.map(describeLens), expectedLenses(document.uri, 'rosenbrock', lineOf(document, 'export const rosenbrock')));
    // The whole line, so the lens sits above it.
    assert.equal(lenses[0]!.range.start.character, 0);
    assert.equal(lenses[0]!.range.end.character, document.lineAt(lenses[0]!.range.start.line).text.length);
    assert.ok(lenses[0]!.command?.arguments?.[0] instanceof vscode.Uri, 'the first argument is the file uri');
  });

  it('quadratic.ts: lenses over both objectives (the object and the @x0-tagged function, on its export line, not its JSDoc)', async () => {
    const { document } = await open('quadratic.ts');
    assert.deepEqual((await lrlabLenses(document.uri)).map(describeLens), [
      ...expectedLenses(document.uri, 'quadratic', lineOf(document, 'export const quadratic')),
      ...expectedLenses(document.uri, 'sphere', lineOf(document, 'export function sphere')),
    ]);
  });

  it('the ▶ lens says what it runs: the label of the run it would start, the resolved config in its tooltip, and it follows the controls', async () => {
    const { document } = await open('rosenbrock.ts');
    const runLens = async (): Promise<vscode.CodeLens> => (await lrlabLenses(document.uri)).find((lens) => lens.command?.command === 'lrlab.runOptimizer')!;
    assert.match((await runLens()).command!.tooltip ?? '', /^Runs rosenbrock with the LR Lab panel's controls \(change them there\):\noptimizer: sgd\(lr=0\.01, momentum=0, dampening=0, nesterov=false, weightDecay=0/);
    await testSettings.set({ optimizer: 'adam', learningRate: 0.05, schedule: 'cosine' }, api, { optimizer: { type: 'adam', lr: 0.05 }, schedule: { type: 'cosine' }, iterations: ITERATIONS });
    // The provider says its lenses changed; the editor (here: each request) asks again.
    let lens = await runLens();
    for (const deadline = Date.now() + 10_000; !lens.command?.title.startsWith('▶ Run adam') && Date.now() < deadline; ) lens = await runLens();
    assert.equal(lens.command!.title.replace(/ #\d+$/, ''), `▶ Run adam lr=0.05 · cosine · ${ITERATIONS} steps`);
    assert.match(lens.command!.tooltip ?? '', /\nschedule: cosine\(tMax=15, etaMin=0\)\n/);
  });

  it('no lenses in a file without objectives', async () => {
    const { document } = await open('fixtures/noObjective.ts');
    assert.deepEqual(await lrlabLenses(document.uri), []);
  });

  it('executing the ▶ lens command runs that objective (sphere: the @x0 start, the exact gradient LR Lab records)', async () => {
    const { document } = await open('quadratic.ts');
    const run = (await lrlabLenses(document.uri)).find((lens) => lens.command?.command === 'lrlab.runOptimizer' && lens.command.arguments?.[1] === 'sphere');
    assert.ok(run?.command);
    const announced = nextCompletion(api);
    await vscode.commands.executeCommand(run.command.command, ...(run.command.arguments ?? []));
    const completion = await announced;
    assertStopReason(completion, 'maxIterations');
    assert.equal(completion.target.objective, 'sphere');
    assert.equal(completion.target.uri.toString(), document.uri.toString());
    const stored = runOf(api, completion);
    assert.equal(stored.meta.dim, 3);
    assert.equal(stored.meta.gradient, 'exact', 'a plain function has no grad: LR Lab differentiates its code');
    assert.equal(stored.data.loss.length, ITERATIONS);
    // f(1, −2, 3) = 14; plain SGD on Σx² scales x by (1 − 2·lr) each step.
    assertClose(stored.data.loss[0]!, 14, 1e-14, 'loss of step 1');
    // (the exact gradient 2x: exact up to rounding)
    assertClose(stored.data.loss[1]!, 14 * (1 - 2 * LR) ** 2, 1e-12, 'loss of step 2');
  });

  it('the Compare… lens command runs each optimizer at its own lr (the panel\'s for its optimizer, PyTorch\'s default for the others, or one given), overlaid, and never a config already there', async () => {
    const { document } = await open('rosenbrock.ts');
    const compare = (await lrlabLenses(document.uri)).find((lens) => lens.command?.command === 'lrlab.compare');
    assert.ok(compare?.command);
    const before = new Set(api.runs().map((r) => r.meta.id));
    // Without a third argument it asks which optimizers in a quick pick; the lens' own arguments, then the choice.
    const completions = await vscode.commands.executeCommand<RunCompletion[]>(compare.command.command, ...(compare.command.arguments ?? []), ['sgd', 'adam']);
    assert.equal(completions?.length, 2);
    const added = api.runs().filter((r) => !before.has(r.meta.id));
    // The panel is on SGD at 0.01: SGD keeps it; Adam runs at torch.optim.Adam's default 1e-3, not at SGD's lr.
    assert.deepEqual(added.map((r) => [r.meta.objective.name, r.meta.config.optimizer.type, r.meta.config.optimizer.lr]).sort(), [
      ['rosenbrock', 'adam', 0.001],
      ['rosenbrock', 'sgd', LR],
    ]);
    // What the comparison shows (examples/rosenbrock.ts): plain SGD at 0.01 is thrown out of the
    // valley (stable only below 2/1001.6 at the minimum, and far steeper at the start), Adam moves ~lr a step.
    const byOptimizer = new Map(completions.map((c) => [runOf(api, c).meta.config.optimizer.type, c]));
    assertStopReason(byOptimizer.get('sgd')!, 'diverged');
    assertStopReason(byOptimizer.get('adam')!, 'maxIterations');
    // Same objective and start: f(−1.2, 1) = 24.2 at step 1 of both.
    for (const r of added) assertClose(r.data.loss[0]!, 24.2, 1e-14, `${r.meta.label}: loss of step 1`);

    // Again, with Adam at an lr of its own: the two configs already there are not run twice, the new one runs.
    const count = api.runs().length;
    const again = await vscode.commands.executeCommand<RunCompletion[]>(compare.command.command, ...(compare.command.arguments ?? []), ['sgd', 'adam', { type: 'adam', lr: 0.02 }, 'adam']);
    assert.deepEqual(again!.map((c) => c.status), ['refused', 'refused', 'finished', 'refused']);
    assert.match(again![0]!.reason ?? '', /^not run again: already on screen as "sgd lr=0\.01/);
    assert.match(again![3]!.reason ?? '', /^not run again: the same config as another in this comparison|^not run again: already on screen/);
    assert.equal(api.runs().length, count + 1);
    assert.equal(runOf(api, again![2]!).meta.config.optimizer.lr, 0.02);
  });

  it("Compare… with 'best lr of a quick sweep': SGD on f = 50x² runs at the lr of 1e-6 … 0.1 that lands on the minimum, 0.01 (factor 1 − 100·lr = 0)", async () => {
    const uri = await scratchCopy('fixtures/steepBowl.ts');
    await open(uri);
    const completions = await vscode.commands.executeCommand<RunCompletion[]>('lrlab.compare', uri.toString(), 'steepBowl', [{ type: 'sgd', lr: 'sweep' }]);
    assert.equal(completions?.length, 1);
    const run = runOf(api, completions![0]!);
    assert.equal(run.meta.config.optimizer.lr, 0.01);
    assert.deepEqual([run.data.loss[0], run.data.loss[1]], [50, 0], 'loss at x₀ = 1, then at x₁ = 1 − 0.01·100 = 0');
    assert.match(completions![0]!.outcome!.stopReason, /^(converged|maxIterations)$/);
  });

  it('follows edits: an objective added to the file gets its lenses', async () => {
    const uri = await scratchCopy('fixtures/smokeObjective.ts');
    const editor = await open(uri);
    assert.equal((await lrlabLenses(uri)).length, 3, '▶ Run optimizer, Compare…, Find lr');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, end, '\n/** @x0 [2] */\nexport const added = (x: number[]): number => x[0] ** 4;\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const lenses = await lrlabLenses(uri);
    assert.deepEqual(lenses.map(describeLens), [
      ...expectedLenses(uri, 'smokeBowl', lineOf(editor.document, 'export const smokeBowl')),
      ...expectedLenses(uri, 'added', lineOf(editor.document, 'export const added')),
    ]);
    await editor.document.save();
  });

  it('lrlab.codeLens.enabled = false removes the lenses; true brings them back', async () => {
    const { document } = await open('rosenbrock.ts');
    await testSettings.set({ 'codeLens.enabled': false });
    await waitFor(() => vscode.workspace.getConfiguration('lrlab').get('codeLens.enabled') === false, 'the setting to apply');
    assert.deepEqual(await lrlabLenses(document.uri), []);
    await testSettings.restore();
    assert.equal((await lrlabLenses(document.uri)).length, 3, '▶ Run optimizer, Compare…, Find lr');
  });
});
