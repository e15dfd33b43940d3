/**
 * The sweep room on the built worker: every cell a full run of the quadratic bowl, its numbers
 * checked against SGD worked out by hand; steps to a target loss; a clicked cell overlaid as a
 * run of the panel from its kept records, or run again when they were not kept; cancel.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { LoaderOutcome } from '../../../../src/core/loader';
import { runSweep, type SweepCell } from '../../../../src/core/sweep';
import { RunStore } from '../../../../src/extension/runs/runStore';
import type { RunCompletion, RunTarget } from '../../../../src/extension/runs/types';
import { SETTINGS_DEFAULTS, type LrLabSettings } from '../../../../src/extension/settings';
import { SweepRoom, type SweepRequest } from '../../../../src/extension/sweep/sweepRoom';
import type { RunConfig } from '../../../../src/core/minimize/config';
import { FakeLog, FakePages, FakeRunUi, target } from '../fakes';
import { requireBuild, workerPath } from '../../core/loader/fixtures';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures');
const BOWL = path.join(FIXTURES, 'quadraticBowl.ts');

/**
 * SGD on f(x) = (x₀ − 1)² + 2 (x₁ + 2)² from (0, 0) by hand: with e = x₀ − 1 and d = x₁ + 2 a
 * step at lr η maps e → (1 − 2η) e and d → (1 − 4η) d. The loss of step k is f where it
 * started; the final loss is f after the last step.
 */
function sgdByHand(lrs: readonly number[]): { losses: number[]; finalLoss: number } {
  let e = -1;
  let d = 2;
  const losses: number[] = [];
  for (const lr of lrs) {
    losses.push(e * e + 2 * d * d);
    e *= 1 - 2 * lr;
    d *= 1 - 4 * lr;
  }
  return { losses, finalLoss: e * e + 2 * d * d };
}

/** Each cell's steps to `target` by hand (the fewest steps after which the loss is ≤ target; null: never). */
function stepsByHand(cells: ReadonlyArray<{ row: number; lr: number }>, target: number): Array<number | null> {
  return cells.map((cell) => {
    const hand = sgdByHand(cell.row === 0 ? Array<number>(10).fill(cell.lr) : stepLrs(cell.lr, 10, 5, 0.5));
    const k = hand.losses.findIndex((loss) => loss <= target);
    return k >= 0 ? k : hand.finalLoss <= target ? 10 : null;
  });
}

/** The lr of steps 1…n of StepLR(stepSize, gamma) at base lr η (PyTorch: the epoch of step k is k − 1). */
const stepLrs = (lr: number, n: number, stepSize: number, gamma: number): number[] => Array.from({ length: n }, (_, k) => lr * gamma ** Math.floor(k / stepSize));

const REQUEST: SweepRequest = {
  lrMin: 0.01,
  lrMax: 0.1,
  lrCount: 2,
  optimizers: [{ type: 'sgd', lr: 0.5 }],
  schedules: [{ type: 'constant' }, { type: 'step', stepSize: 5, gamma: 0.5 }],
  seeds: [0],
  iterations: 10,
  targetLoss: 1,
};

/**
 * `maxPoints`: the records a cell keeps (the room asks for 10,000; fewer here decimates a short cell).
 * `starts`: the cells of each runSweep the room started (the sweep's, then each recount's);
 * `recount`: what runs the recounts' cells (default: the worker, as the sweep's).
 */
function setup(options: { keptValues?: number; maxPoints?: number; settings?: Partial<LrLabSettings>; recount?: typeof runSweep } = {}) {
  const pages = new FakePages();
  const ui = new FakeRunUi();
  const store = new RunStore();
  const log = new LogLines();
  const reruns: Array<{ target: RunTarget; config: RunConfig }> = [];
  const starts: Array<readonly SweepCell[]> = [];
  let persisted = 0;
  const room = new SweepRoom({
    pages,
    store,
    archive: { schedulePersist: () => void persisted++ },
    launcher: {
      runConfig: async (t, config) => {
        reruns.push({ target: t, config });
        return { status: 'finished', runId: 'rerun', target: t, meta: null, outcome: null } as unknown as RunCompletion;
      },
    },
    ui,
    log,
    settings: () => ({ ...SETTINGS_DEFAULTS, ...options.settings }),
    showPanel: async () => undefined,
    jobs: 2,
    start: (opts, listener) => {
      starts.push(opts.cells);
      if (starts.length > 1 && options.recount) return options.recount(opts, listener);
      return runSweep({ ...opts, workerPath, ...(options.maxPoints !== undefined ? { maxPoints: options.maxPoints } : {}) }, listener);
    },
    ...(options.keptValues !== undefined ? { keptValues: options.keptValues } : {}),
  });
  return { pages, ui, store, room, reruns, starts, log, persisted: () => persisted };
}

/** The room's log, and a wait for a line of it (what a cell's code printed comes here). */
class LogLines extends FakeLog {
  private waiting: Array<{ pattern: RegExp; resolve(): void }> = [];
  override info(m: string): void {
    super.info(m);
    this.notify(m);
  }
  override print(source: string, text: string): void {
    super.print(source, text);
    this.notify(this.lines.at(-1)!);
  }
  private notify(m: string): void {
    for (const w of this.waiting.filter((w) => w.pattern.test(m))) w.resolve();
    this.waiting = this.waiting.filter((w) => !w.pattern.test(m));
  }
  line(pattern: RegExp): Promise<void> {
    return new Promise((resolve) => (this.lines.some((l) => pattern.test(l)) ? resolve() : this.waiting.push({ pattern, resolve })));
  }
}

/** SGD at lr η on f(x) = x² from x₀: x → (1 − 2η) x; the steps until f ≤ target (the loss of step k is f after k − 1 steps). */
function squareStepsByHand(x0: number, lr: number, target: number, steps: number): number | null {
  let x = x0;
  for (let k = 0; k <= steps; k++) {
    if (x * x <= target) return k;
    x *= 1 - 2 * lr;
  }
  return null;
}

describe('SweepRoom', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('runs every cell (lr × optimizer × schedule) as a full run: the numbers SGD gives by hand, rows top-down, steps to the target', async () => {
    const { pages, room } = setup();
    const done = await room.sweep(target('quadraticBowl', BOWL), REQUEST);
    assert.equal(done.status, 'finished');
    assert.deepEqual(pages.types.slice(0, 1), ['sweepStarted']);
    assert.equal(pages.types.at(-1), 'sweepFinished');
    const sweep = room.state!;
    assert.deepEqual(sweep.lrs, [0.01, 0.1]);
    assert.equal(sweep.rows.length, 2);
    assert.equal(sweep.rows[0]!.label, 'sgd', 'the lr is the column: not in the row label');
    assert.match(sweep.rows[1]!.label, /^sgd · step\(.*stepSize=5.*\)$/);
    assert.match(sweep.rows[1]!.label, /gamma=0\.5/);
    assert.equal(sweep.running, false);
    for (const cell of sweep.cells) {
      const lrs = cell.row === 0 ? Array<number>(10).fill(cell.lr) : stepLrs(cell.lr, 10, 5, 0.5);
      const hand = sgdByHand(lrs);
      const summary = cell.summary!;
      assert.equal(cell.status, 'done');
      assert.equal(summary.stopReason, 'maxIterations');
      assert.equal(summary.steps, 10);
      assert.ok(Math.abs(summary.finalLoss! - hand.finalLoss) <= 1e-12 * hand.finalLoss, `cell ${cell.index}: final ${summary.finalLoss} vs ${hand.finalLoss} by hand`);
      assert.ok(Math.abs(summary.bestLoss! - Math.min(...hand.losses, hand.finalLoss)) <= 1e-12);
      // Steps to 1: k − 1 for the first step k that starts at or below it, else all when only the end does.
      const k = hand.losses.findIndex((loss) => loss <= 1);
      const expected = k >= 0 ? k : hand.finalLoss <= 1 ? 10 : null;
      assert.equal(summary.stepsToTarget, expected, `cell ${cell.index}`);
    }
    // Every cell told the pages it ran and when it was done.
    assert.equal(pages.of('sweepCell').filter((m) => m.cell.status === 'done').length, 4);
  });

  it('counts the steps to a new target from the kept records, and tells the pages', async () => {
    const { pages, room } = setup();
    await room.sweep(target('quadraticBowl', BOWL), REQUEST);
    const sweepId = room.state!.sweepId;
    await room.setTargetLoss(sweepId, 4);
    assert.equal(pages.of('sweepSteps').length, 1, 'every cell counted from its records: one message');
    const message = pages.of('sweepSteps')[0]!;
    assert.equal(message.targetLoss, 4);
    const expected = stepsByHand(room.state!.cells, 4);
    assert.deepEqual(message.steps, expected);
    assert.ok(expected.some((s) => s !== null) && expected.some((s) => s === null), 'the target splits the cells (the check can fail)');
    await room.setTargetLoss('another sweep', 1);
    assert.equal(pages.of('sweepSteps').length, 1, 'a stale sweep id is ignored');
  });

  it('a target changed while the cells run: once they are done every cell is counted to the new one', async () => {
    const { pages, room } = setup();
    const running = room.sweep(target('quadraticBowl', BOWL), REQUEST);
    const started = await pages.first('sweepStarted');
    await room.setTargetLoss(started.sweep.sweepId, 4);
    await running;
    assert.deepEqual(room.state!.cells.map((c) => c.summary!.stepsToTarget), stepsByHand(room.state!.cells, 4));
    assert.deepEqual(pages.of('sweepSteps').at(-1)!.steps, stepsByHand(room.state!.cells, 4));
  });

  it('overlays a clicked cell as a run of the panel from its kept records (same losses), once', async () => {
    const { pages, store, room, reruns, persisted } = setup();
    await room.sweep(target('quadraticBowl', BOWL), REQUEST);
    const sweepId = room.state!.sweepId;
    const cell = room.state!.cells.find((c) => c.row === 0 && c.lr === 0.1)!;
    const runId = await room.showCell(sweepId, cell.index);
    assert.ok(runId);
    assert.deepEqual(reruns, [], 'its records were kept: nothing ran again');
    const run = store.get(runId)!;
    assert.match(run.meta.label, /^sgd lr=0\.1 · 10 steps \(sweep\)$/);
    const hand = sgdByHand(Array<number>(10).fill(0.1)).losses;
    Array.from(run.loss.view()).forEach((loss, i) => assert.ok(Math.abs(loss - hand[i]!) <= 1e-12 * hand[i]!, `step ${i + 1}`));
    assert.ok(run.trajectory && run.trajectory.length === 11, 'its path (x₀ and 10 steps) for the landscape');
    assert.deepEqual(pages.types.slice(-3), ['runStarted', 'runFinished', 'sweepCell']);
    assert.equal(pages.of('runStarted')[0]!.run.id, runId);
    assert.ok(pages.data.some((d) => d.runId === runId && d.chunk.loss.length === 10));
    assert.equal(pages.of('sweepCell').at(-1)!.cell.runId, runId);
    assert.equal(persisted(), 1);
    assert.equal(await room.showCell(sweepId, cell.index), runId, 'a second click shows the same run');
    assert.equal(store.size, 1);
  });

  it('runs a cell again (its exact config) when its records were not kept', async () => {
    const { pages, store, room, reruns } = setup({ keptValues: 0 });
    await room.sweep(target('quadraticBowl', BOWL), REQUEST);
    const sweepId = room.state!.sweepId;
    const cell = room.state!.cells[3]!;
    assert.equal(await room.showCell(sweepId, cell.index), 'rerun');
    assert.equal(reruns.length, 1);
    assert.equal(reruns[0]!.config.optimizer.lr, cell.lr);
    assert.equal(reruns[0]!.config.schedule.type, 'step');
    assert.equal(reruns[0]!.config.iterations, 10);
    assert.equal(store.size, 0);
    // Not kept: a new target is counted by running the cells again in workers, exactly.
    await room.setTargetLoss(sweepId, 4);
    const expected = stepsByHand(room.state!.cells, 4);
    assert.deepEqual(room.state!.cells.map((c) => c.summary!.stepsToTarget), expected);
    assert.ok(expected.some((s) => s !== null) && expected.some((s) => s === null), 'the target splits the cells (the check can fail)');
    const [first, last] = [pages.of('sweepSteps')[0]!, pages.of('sweepSteps').at(-1)!];
    assert.deepEqual(first.steps, expected.map(() => null), 'at once: unknown until counted');
    assert.deepEqual(last.steps, expected, 'then every count');
  });

  it('runs a cell again when it took more steps than a cell keeps records of: its numbers still those of every step', async () => {
    const { store, room, reruns } = setup({ maxPoints: 4 });
    await room.sweep(target('quadraticBowl', BOWL), REQUEST);
    const sweepId = room.state!.sweepId;
    for (const cell of room.state!.cells) {
      const hand = sgdByHand(cell.row === 0 ? Array<number>(10).fill(cell.lr) : stepLrs(cell.lr, 10, 5, 0.5));
      const k = hand.losses.findIndex((loss) => loss <= 1);
      assert.equal(cell.summary!.stepsToTarget, k >= 0 ? k : hand.finalLoss <= 1 ? 10 : null, `cell ${cell.index}`);
      assert.ok(Math.abs(cell.summary!.finalLoss! - hand.finalLoss) <= 1e-12 * hand.finalLoss);
    }
    const cell = room.state!.cells[1]!;
    assert.equal(await room.showCell(sweepId, cell.index), 'rerun', '4 of its 10 records: not a run the panel can hold');
    assert.deepEqual([reruns.length, reruns[0]!.config.optimizer.lr, reruns[0]!.config.iterations], [1, cell.lr, 10]);
    assert.equal(store.size, 0);
    // A new target: the decimated cells run again to count it (a cell whose best loss is above it needs no run: null).
    await room.setTargetLoss(sweepId, 4);
    assert.deepEqual(room.state!.cells.map((c) => c.summary!.stepsToTarget), stepsByHand(room.state!.cells, 4));
  });

  it('a new target for a cell the user stopped at step k: it runs again for exactly k steps and counts them (j < k), or stays null when never reached', async () => {
    // Records not kept: the count must come from running the cell again.
    const { pages, room, starts, log } = setup({ keptValues: 0 });
    const one = { ...REQUEST, lrMin: 0.1, lrMax: 0.1, lrCount: 1, schedules: [{ type: 'constant' }], iterations: 100_000, targetLoss: null };
    const running = room.sweep(target('slowAnnounced', path.join(FIXTURES, 'slowAnnounced.ts')), one);
    await log.line(/slowAnnounced: 10 calls/);
    room.cancel(0);
    await running;
    const cell = room.state!.cells[0]!;
    const k = cell.summary!.steps;
    assert.equal(cell.summary!.stopReason, 'cancelled');
    assert.ok(k >= 9 && k < 100_000, `stopped after ${k} steps`);
    assert.equal(starts.length, 1);
    // f = 16 · 0.64^j after j steps at lr 0.1 from x₀ = 4: at or below 4 after 4 steps (4.19 after 3).
    assert.equal(squareStepsByHand(4, 0.1, 4, k), 4);
    await room.setTargetLoss(room.state!.sweepId, 4);
    assert.deepEqual(starts.slice(1).map((cells) => cells.map((c) => c.config.iterations)), [[k]], 'run again for exactly its k steps');
    assert.equal(room.state!.cells[0]!.summary!.stepsToTarget, 4);
    assert.equal(room.state!.cells[0]!.summary!.stepsUnknown, undefined);
    const messages = pages.of('sweepSteps');
    assert.deepEqual([messages[0]!.steps, messages[0]!.unknown], [[null], ['counting']], 'counting at once');
    assert.deepEqual([messages.at(-1)!.steps, messages.at(-1)!.unknown], [[4], [null]], 'then the count');
    // A target below its best loss: never reached within its steps, known without a run.
    await room.setTargetLoss(room.state!.sweepId, cell.summary!.bestLoss! / 2);
    assert.equal(starts.length, 2, 'no run');
    assert.deepEqual([pages.of('sweepSteps').at(-1)!.steps, pages.of('sweepSteps').at(-1)!.unknown], [[null], [null]]);
  });

  it('counts reach the pages as cells are counted again, before every count is in', async () => {
    // The recount's cells end when the test says (a pool of its own), so a slow cell is the test's wait, not a guess.
    let release!: (count: number) => void;
    let expected: Array<number | null> = [];
    const recount: typeof runSweep = (opts, listener) => {
      const outcomes: LoaderOutcome[] = [];
      let settle!: (outcomes: LoaderOutcome[]) => void;
      const done = new Promise<LoaderOutcome[]>((resolve) => (settle = resolve));
      release = (count) => {
        for (const cell of opts.cells.slice(outcomes.length, outcomes.length + count)) {
          const s = room.state!.cells[cell.index]!.summary!;
          const outcome: LoaderOutcome = { stopReason: 'maxIterations', detail: '', steps: s.steps, finalLoss: s.finalLoss!, bestLoss: s.bestLoss!, finalParams: [], wallTimeMs: 1 };
          outcomes.push(outcome);
          listener?.onCellDone?.(cell, outcome, { records: null, stepsToTarget: expected[cell.index]!, steps: s.steps, bestLoss: NaN });
        }
        if (outcomes.length === opts.cells.length) settle(outcomes);
      };
      return { done, cancel: () => undefined, cancelCell: () => undefined };
    };
    const { pages, room, starts } = setup({ keptValues: 0, recount });
    await room.sweep(target('quadraticBowl', BOWL), REQUEST);
    expected = stepsByHand(room.state!.cells, 4);
    const counting = expected.map((s) => (s === null ? null : 'counting'));
    const recounted = expected.flatMap((s, i) => (s === null ? [] : [i]));
    assert.ok(recounted.length >= 2, 'two cells or more to count again (the check can fail)');
    const counted = room.setTargetLoss(room.state!.sweepId, 4);
    assert.deepEqual(starts[1]!.map((c) => c.index), recounted);
    release(1);
    const [first, ...rest] = recounted;
    const partial = await pages.when('sweepSteps', (m) => m.steps[first!] !== null);
    assert.deepEqual(partial.steps, expected.map((s, i) => (i === first ? s : null)), 'the first count, the others not yet');
    assert.deepEqual(partial.unknown, counting.map((u, i) => (i === first ? null : u)));
    release(rest.length);
    await counted;
    assert.deepEqual([pages.of('sweepSteps').at(-1)!.steps, pages.of('sweepSteps').at(-1)!.unknown], [expected, expected.map(() => null)]);
  });

  it('a cell that failed after its last good step k counts too: it runs again for k steps (its final evaluation hangs as the cell did)', async () => {
    // hangsLater: f returns for 10,000 calls, then never; the cell fails at step 10,001 when one call passes 1 s.
    const { room, starts } = setup({ keptValues: 0, settings: { evalTimeLimitSeconds: 1 } });
    const one = { ...REQUEST, lrMin: 0.01, lrMax: 0.01, lrCount: 1, schedules: [{ type: 'constant' }], iterations: 20_000, targetLoss: null };
    await room.sweep(target('hangsLater', path.join(FIXTURES, 'hangsLater.ts')), one);
    const summary = room.state!.cells[0]!.summary!;
    assert.deepEqual([summary.stopReason, summary.steps, summary.finalLoss], ['error', 10_000, null]);
    await room.setTargetLoss(room.state!.sweepId, 1);
    assert.deepEqual(starts.slice(1).map((cells) => cells.map((c) => c.config.iterations)), [[10_000]]);
    // 9 · 0.98^(2j) ≤ 1 from j = 55 (x₀ = 3, lr 0.01).
    assert.equal(squareStepsByHand(3, 0.01, 1, 10_000), 55);
    assert.equal(room.state!.cells[0]!.summary!.stepsToTarget, 55);
  });

  it('a run again that does not reproduce the cell leaves it unknown, and says why', async () => {
    // flaky: f throws at its 4th call. The cell: steps 1–3, fails at step 4, its final loss (call 5) is fine;
    // run again for 3 steps its final loss is call 4, which throws: not the same run.
    const { pages, room, starts } = setup({ keptValues: 0 });
    const one = { ...REQUEST, lrMin: 0.1, lrMax: 0.1, lrCount: 1, schedules: [{ type: 'constant' }], targetLoss: null };
    await room.sweep(target('flaky', path.join(FIXTURES, 'throwsInF.ts')), one);
    const summary = room.state!.cells[0]!.summary!;
    assert.equal(summary.stopReason, 'error');
    assert.equal(summary.steps, 3);
    // f = 2 · 0.64^j from (1, 1) at lr 0.1: 2, 1.28, 0.8192 recorded, 0.524288 at the end.
    assert.ok(Math.abs(summary.finalLoss! - 0.524288) < 1e-12 && summary.bestLoss === summary.finalLoss, `final ${summary.finalLoss}`);
    await room.setTargetLoss(room.state!.sweepId, 1);
    assert.deepEqual(starts.slice(1).map((cells) => cells.map((c) => c.config.iterations)), [[3]]);
    assert.equal(room.state!.cells[0]!.summary!.stepsToTarget, null, 'its losses were 2 steps to 1, but the run again was another run');
    assert.equal(room.state!.cells[0]!.summary!.stepsUnknown, 'notReproduced');
    assert.deepEqual(pages.of('sweepSteps').at(-1)!.unknown, ['notReproduced']);
  });

  it('stops every cell on cancel; refused in Restricted Mode and for a grid it cannot make', async () => {
    const { pages, ui, room } = setup();
    const running = room.sweep(target('slowBowl', path.join(FIXTURES, 'slow.ts')), { ...REQUEST, iterations: 100_000 });
    await pages.first('sweepCell');
    assert.equal(room.cancel(), true);
    const done = await running;
    assert.equal(done.status, 'finished');
    const reasons = done.status === 'finished' ? done.sweep.cells.map((c) => c.summary?.stopReason) : [];
    assert.ok(reasons.every((r) => r === 'cancelled'), `every cell cancelled: ${reasons.join(', ')}`);
    assert.equal(room.cancel(), false, 'nothing left to stop');

    ui.trusted = false;
    assert.equal((await room.sweep(target('quadraticBowl', BOWL), REQUEST)).status, 'refused');
    assert.equal(ui.restrictedExplained, 1);
    ui.trusted = true;
    const bad = await room.sweep(target('quadraticBowl', BOWL), { ...REQUEST, schedules: [{ type: 'noSuchSchedule' }] });
    assert.equal(bad.status, 'refused');
    assert.match(pages.of('error').at(-1)!.message, /^Sweep: .*noSuchSchedule/);
  });
});
