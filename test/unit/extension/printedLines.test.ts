import assert from 'node:assert/strict';
import { PrintedLines, type PrintedLinesOptions } from '../../../src/extension/printedLines';
import { RecentLog } from '../../../src/extension/recentLog';
import { FakeLog } from './fakes';

const dropped = (count: number): string => `… ${count} lines not shown`;

/** PrintedLines writing into `blocks`; `next()` is the next block written (by the window's timer or a flush). */
function printed(options: Partial<PrintedLinesOptions> = {}) {
  const blocks: string[][] = [];
  let waiter: ((block: string[]) => void) | null = null;
  const lines = new PrintedLines(
    (block) => {
      blocks.push([...block]);
      waiter?.([...block]);
      waiter = null;
    },
    { dropped, ...options },
  );
  const next = (): Promise<string[]> => new Promise((resolve) => (waiter = resolve));
  return { lines, blocks, next };
}

describe('PrintedLines: what runs print, in blocks for the output channel', () => {
  it("writes every line, in order, each with its source's prefix, in one block per window", async () => {
    const { lines, blocks, next } = printed();
    const written = next();
    lines.add('bowl', 'one\ntwo\n');
    lines.add('bowl · sweep cell 3', 'three\n');
    lines.add('bowl', 'four\r\n\nsix   \n');
    assert.deepEqual(blocks, [], 'nothing is written before the window ends');
    assert.deepEqual(await written, ['[bowl] one', '[bowl] two', '[bowl · sweep cell 3] three', '[bowl] four', '[bowl] ', '[bowl] six']);
    assert.equal(blocks.length, 1);
  });

  it('a text without a final newline is a line of its own; an empty text is none', () => {
    const { lines, blocks } = printed();
    lines.add('f', 'progress 1');
    lines.add('f', '');
    lines.add('f', 'progress 2');
    lines.flush();
    assert.deepEqual(blocks, [['[f] progress 1', '[f] progress 2']]);
  });

  it('a flush writes what waits at once (the end of a run), and the window then writes nothing more', async () => {
    const { lines, blocks, next } = printed({ flushMs: 1 });
    lines.add('f', 'last line\n');
    lines.flush();
    assert.deepEqual(blocks, [['[f] last line']]);
    lines.flush();
    // The next window's block is the next one written: the first window's timer added nothing in between.
    const written = next();
    lines.add('f', 'later\n');
    assert.deepEqual(await written, ['[f] later']);
    assert.equal(blocks.length, 2);
  });

  it('thousands of lines in one window all arrive', () => {
    const { lines, blocks } = printed();
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}\n`).join('');
    lines.add('f', text);
    lines.flush();
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0], Array.from({ length: 5000 }, (_, i) => `[f] line ${i + 1}`));
  });

  it('beyond maxLines a window drops its oldest lines and says how many, keeping the newest (the last) lines', () => {
    const { lines, blocks } = printed({ maxLines: 4 });
    for (let i = 1; i <= 12; i++) lines.add('f', `line ${i}\n`);
    lines.flush();
    assert.deepEqual(blocks, [['[f] … 8 lines not shown', '[f] line 9', '[f] line 10', '[f] line 11', '[f] line 12']]);
    // The count starts again in the next window.
    lines.add('f', 'line 13\n');
    lines.flush();
    assert.deepEqual(blocks[1], ['[f] line 13']);
  });

  it("beyond maxChars too; each source's note says how many of its lines were dropped, in the order they were lost", () => {
    const { lines, blocks } = printed({ maxChars: 40 });
    lines.add('a', 'a1\na2\n'); // "[a] a1" = 6 characters each
    lines.add('b', 'b1\n');
    lines.add('a', 'a3\na4\na5\na6\na7\na8\n');
    lines.flush();
    assert.deepEqual(blocks, [['[a] … 2 lines not shown', '[b] … 1 lines not shown', '[a] a3', '[a] a4', '[a] a5', '[a] a6', '[a] a7', '[a] a8']]);
  });

  it('holds no more than its caps however much is printed in one window', () => {
    const { lines, blocks } = printed({ maxLines: 100 });
    for (let i = 1; i <= 200_000; i++) lines.add('f', `line ${i}\n`);
    lines.flush();
    assert.equal(blocks[0]!.length, 101);
    assert.equal(blocks[0]![0], '[f] … 199900 lines not shown');
    assert.equal(blocks[0]![100], '[f] line 200000');
  });
});

describe('RecentLog: the output channel with its last lines', () => {
  it("writes printed lines before a line of LR Lab's own that comes after them, and remembers lines, not messages", () => {
    const channel = new FakeLog();
    const log = new RecentLog(channel, 3);
    log.print('bowl', 'one\ntwo\n');
    log.info('bowl · sgd: maxIterations after 5 steps');
    assert.deepEqual(channel.lines, ['info [bowl] one\n[bowl] two', 'info bowl · sgd: maxIterations after 5 steps']);
    log.print('bowl', 'three\nfour\n');
    log.dispose();
    assert.deepEqual(channel.lines.slice(2), ['info [bowl] three\n[bowl] four']);
    assert.deepEqual(log.recent(), ['bowl · sgd: maxIterations after 5 steps', '[bowl] three', '[bowl] four']);
  });
});
