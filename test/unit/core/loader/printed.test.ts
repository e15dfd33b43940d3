import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { PrintedOutput } from '../../../../src/core/loader/worker/printed';
import type { PrintedPart } from '../../../../src/core/loader/workerProtocol';

/** A PrintedOutput on a clock the test moves, with what it sent. */
function output(options: { maxChars?: number; maxDelayMs?: number } = {}) {
  let time = 1000;
  const sent: PrintedPart[][] = [];
  const printed = new PrintedOutput((parts) => sent.push(parts.map((p) => ({ ...p }))), { ...options, now: () => time });
  return { printed, sent, advance: (ms: number) => (time += ms) };
}

describe("PrintedOutput: what the worker's user code prints, to the host in batches", () => {
  it('sends a lone line at once, holds what follows it within maxDelayMs, and sends it with the next write after', () => {
    const { printed, sent, advance } = output({ maxDelayMs: 20 });
    printed.add('stdout', 'a\n');
    assert.deepEqual(sent, [[{ stream: 'stdout', text: 'a\n' }]]);
    printed.add('stdout', 'b\n');
    printed.add('stderr', 'c\n');
    printed.add('stdout', 'd\n');
    assert.equal(sent.length, 1, 'held');
    advance(20);
    printed.add('stdout', 'e\n');
    assert.deepEqual(sent[1], [
      { stream: 'stdout', text: 'b\n' },
      { stream: 'stderr', text: 'c\n' },
      { stream: 'stdout', text: 'd\ne\n' },
    ]);
  });

  it('sends once it holds maxChars, and flush sends the rest (before the outcome)', () => {
    const { printed, sent } = output({ maxChars: 10, maxDelayMs: 1e9 });
    printed.add('stdout', 'first\n');
    for (let i = 0; i < 5; i++) printed.add('stdout', `${i}\n`);
    assert.deepEqual(
      sent.map((parts) => parts.map((p) => p.text).join('')),
      ['first\n', '0\n1\n2\n3\n4\n'],
    );
    printed.add('stderr', 'last\n');
    printed.flush();
    assert.deepEqual(sent[2], [{ stream: 'stderr', text: 'last\n' }]);
    printed.flush();
    assert.equal(sent.length, 3, 'nothing more to send');
  });

  it('takes over a stream: console-style writes with and without callbacks, strings and bytes, all in order', () => {
    const { printed, sent } = output({ maxDelayMs: 1e9 });
    const reached: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (reached.push(chunk.toString()), done()) });
    const stderr = new Writable({ write: (chunk: Buffer, _encoding, done) => (reached.push(chunk.toString()), done()) });
    printed.capture({ stdout: stream, stderr });
    let called = 0;
    assert.equal(stream.write('one\n', () => called++), true);
    stream.write(new TextEncoder().encode('two\n'));
    stderr.write('three\n', 'utf8', () => called++);
    printed.flush();
    assert.equal(called, 2);
    assert.deepEqual(reached, [], 'nothing went to the real stream');
    assert.deepEqual(sent, [[{ stream: 'stdout', text: 'one\n' }], [{ stream: 'stdout', text: 'two\n' }, { stream: 'stderr', text: 'three\n' }]]);
  });
});
