/**
 * What objectives print, in a real extension host: a run printing hundreds of thousands of lines
 * delivers them to the LR Lab output channel without stalling the host, and its last line arrives.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertStopReason, lrlab, nextCompletion, open, SettingsScope, waitFor, type LrLabApi } from './support';

const sgdControls = (iterations: number) => ({ optimizer: { type: 'sgd', lr: 0.001 }, schedule: { type: 'constant' }, iterations });

/**
 * The longest the host's event loop went without running a 10 ms timer, from the first time
 * `begun()` holds (the run's first printed line: starting a run has costs of its own) to stop().
 */
function stallMeter(begun: () => boolean): { stop(): number } {
  let last: number | null = null;
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (last !== null) longest = Math.max(longest, now - last);
    if (last !== null || begun()) last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return last === null ? 0 : Math.max(longest, performance.now() - last);
    },
  };
}

describe('output: what objectives print reaches the output channel', () => {
  let api: LrLabApi;
  const settings = new SettingsScope();

  before(async () => {
    api = await lrlab();
  });

  afterEach(async () => {
    await settings.restore();
  });

  it('a run printing 200 000 lines as it loads delivers its last line, in order, before the run\'s end; what was not shown is counted', async () => {
    await settings.set({ optimizer: 'sgd', learningRate: 0.001, schedule: 'constant', iterations: 5 }, api, sgdControls(5));
    const editor = await open('fixtures/printsALot.ts');
    const meter = stallMeter(() => api.logLines().some((line) => line.startsWith('[printsALot] ')));
    const started = performance.now();
    const announced = nextCompletion(api, 120_000);
    void vscode.commands.executeCommand('lrlab.runOptimizer', editor.document.uri, 'printsALot');
    await waitFor(() => api.logLines().some((line) => line === '[printsALot] printsALot: the last line'), 'the last line printed');
    const delivered = performance.now() - started;
    assertStopReason(await announced, 'maxIterations');
    const stall = meter.stop();
    console.log(`      200 000 lines: last line after ${delivered.toFixed(0)} ms; longest stall of the host ${stall.toFixed(0)} ms`);
    const lines = api.logLines();
    const last = lines.indexOf('[printsALot] printsALot: the last line');
    const ended = lines.findIndex((line) => line.includes('maxIterations after 5 steps'));
    assert.ok(ended > last, 'the run\'s end is written after what it printed');
    // The lines before the last one: numbered, ascending, each with its prefix; a window that held too many says how many it dropped.
    let previous = 0;
    for (const line of lines.slice(0, last).filter((l) => l.startsWith('[printsALot] '))) {
      const numbered = /^\[printsALot\] printsALot line (\d+)$/.exec(line);
      if (numbered) {
        assert.ok(Number(numbered[1]) > previous, `${line} after line ${previous}`);
        previous = Number(numbered[1]);
      } else assert.match(line, /^\[printsALot\] … \d+ lines not shown$/);
    }
    assert.equal(previous, 200_000, 'the last numbered line is 200000');
  });

  it("a run printing without bound sends its lines while it runs, Stop answers meanwhile, and the last call's lines arrive", async () => {
    await settings.set({ optimizer: 'sgd', learningRate: 0.001, schedule: 'constant', iterations: 1_000_000 }, api, sgdControls(1_000_000));
    const editor = await open('fixtures/printsWithoutBound.ts');
    const meter = stallMeter(() => api.logLines().some((line) => line.startsWith('[printsWithoutBound] ')));
    const announced = nextCompletion(api, 120_000);
    let ended = false;
    void announced.then(() => (ended = true));
    void vscode.commands.executeCommand('lrlab.runOptimizer', editor.document.uri, 'printsWithoutBound');
    const callOf = (line: string): number => Number(/printsWithoutBound call (\d+) /.exec(line)?.[1] ?? 0);
    // Lines of f's third call arrive while the run goes on (a worker's stdio held them until it ended: it ran out of memory first).
    await waitFor(() => api.logLines().some((line) => callOf(line) >= 3), 'lines of the third call of f');
    assert.equal(ended, false, 'the run ended by itself');
    assert.equal(await vscode.commands.executeCommand('lrlab.stop'), 1, 'one run was stopped');
    assertStopReason(await announced, 'cancelled');
    const stall = meter.stop();
    const lines = api.logLines();
    const printed = lines.filter((line) => line.startsWith('[printsWithoutBound] '));
    const lastCall = Math.max(...printed.map(callOf));
    console.log(`      without bound: stopped after call ${lastCall}; longest stall of the host ${stall.toFixed(0)} ms`);
    // The last thing printed is the last call's "done": what the worker printed before its outcome all came.
    assert.equal(printed.at(-1), `[printsWithoutBound] printsWithoutBound call ${lastCall} done`);
    const endLine = lines.findIndex((line) => line.includes('cancelled after'));
    assert.ok(endLine > lines.lastIndexOf(printed.at(-1)!), 'the run\'s end is written after what it printed');
  });
});
