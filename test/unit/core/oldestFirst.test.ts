import assert from 'node:assert/strict';
import { OldestFirst } from '../../../src/core/oldestFirst';

describe('OldestFirst: a queue whose oldest items go cheaply', () => {
  it('gives items back oldest first, by shift and by take, and is empty after take', () => {
    const queue = new OldestFirst<number>();
    for (let i = 1; i <= 5; i++) queue.push(i);
    assert.equal(queue.shift(), 1);
    assert.equal(queue.shift(), 2);
    assert.equal(queue.size, 3);
    assert.deepEqual(queue.take(), [3, 4, 5]);
    assert.equal(queue.size, 0);
    queue.push(6);
    assert.deepEqual(queue.take(), [6]);
  });

  it('lets go of the items it removed (its memory follows its size, not all it was ever given)', () => {
    const queue = new OldestFirst<number>();
    for (let i = 0; i < 100_000; i++) {
      queue.push(i);
      if (queue.size > 10) queue.shift();
    }
    assert.deepEqual(queue.take(), Array.from({ length: 10 }, (_, i) => 99_990 + i));
    for (let i = 0; i < 100_000; i++) {
      queue.push(i);
      if (queue.size > 10) queue.shift();
    }
    const held = (queue as unknown as { items: unknown[] }).items.length;
    assert.ok(held <= 2 * 1024 + 20, `${held} slots held for 10 items`);
  });
});
