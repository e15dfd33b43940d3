import assert from 'node:assert/strict';
import { objectiveTree, type FoundObjective, type RunFacts } from '../../../../src/extension/sidebar/objectiveTree';
import type { RunOutcomeMessage } from '../../../../src/shared/protocol';

const found = (file: string, name: string, line: number): FoundObjective => ({ file: `/w/${file}`, label: file, name, line });

function run(id: string, file: string, name: string, startedAt: number, outcome: Partial<RunOutcomeMessage> | null, last: { step: number; loss: number } | null = null): RunFacts {
  return {
    meta: { id, label: `sgd (${id})`, objective: { file: `/w/${file}`, label: file, name }, startedAt },
    outcome: outcome && { stopReason: 'maxIterations', detail: '', steps: 10, finalLoss: null, bestLoss: null, wallTimeMs: 1, ...outcome },
    last,
  };
}

describe('objectiveTree (the side bar Objectives tree)', () => {
  it('lists the objectives with runs first, each group by file and line, each objective with its own runs, newest first', () => {
    const nodes = objectiveTree(
      [found('b.ts', 'later', 9), found('a.ts', 'second', 20), found('a.ts', 'first', 3)],
      [run('r1', 'a.ts', 'first', 1, { finalLoss: 0.5, bestLoss: 0.25 }), run('r2', 'a.ts', 'first', 2, { finalLoss: 0.125, bestLoss: 0.125 }), run('r3', 'b.ts', 'later', 3, null, { step: 4, loss: 2 })],
    );
    assert.deepEqual(
      nodes.map((n) => [n.label, n.name, n.line, n.runs.map((r) => r.runId)]),
      [
        ['a.ts', 'first', 3, ['r2', 'r1']],
        ['b.ts', 'later', 9, ['r3']],
        ['a.ts', 'second', 20, []],
      ],
    );
    const [newest, oldest] = nodes[0]!.runs;
    assert.deepEqual([newest!.status, newest!.numbers], ['finished', 'final 0.125']);
    assert.deepEqual([oldest!.status, oldest!.numbers], ['finished', 'final 0.5 · best 0.25']);
    assert.deepEqual([nodes[1]!.runs[0]!.status, nodes[1]!.runs[0]!.numbers], ['running', 'loss 2 at step 4']);
  });

  it('keeps an objective that is no longer found while it has runs (line null, after the found ones of its file)', () => {
    const nodes = objectiveTree([found('a.ts', 'kept', 5)], [run('r1', 'a.ts', 'renamed', 1, { finalLoss: 1 }), run('r2', 'a.ts', 'kept', 2, { finalLoss: 1 })]);
    assert.deepEqual(
      nodes.map((n) => [n.name, n.line, n.runs.length]),
      [
        ['kept', 5, 1],
        ['renamed', null, 1],
      ],
    );
  });

  it('tells running, finished and failed runs apart; a failed run and a run with no record yet have no numbers', () => {
    const [node] = objectiveTree(
      [found('a.ts', 'f', 1)],
      [run('ok', 'a.ts', 'f', 3, { stopReason: 'converged', finalLoss: 0 }), run('bad', 'a.ts', 'f', 2, { stopReason: 'error' }), run('new', 'a.ts', 'f', 1, null)],
    );
    assert.deepEqual(
      node!.runs.map((r) => [r.runId, r.status, r.numbers]),
      [
        ['ok', 'finished', 'final 0'],
        ['bad', 'failed', ''],
        ['new', 'running', ''],
      ],
    );
  });

  it('the same export name in two files is two objectives', () => {
    const nodes = objectiveTree([found('a.ts', 'f', 1), found('b.ts', 'f', 1)], [run('r', 'b.ts', 'f', 1, { finalLoss: 1 })]);
    assert.deepEqual(
      nodes.map((n) => [n.label, n.runs.length]),
      [
        ['b.ts', 1],
        ['a.ts', 0],
      ],
    );
  });
});
