import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { PrintedOutput } from '../../../../src/core/loader/worker/printed';
import type { PrintedPart } from '../../../../src/core/loader/workerProtocol';
import { HeldOutput } from '../../../../src/core/loader/session';

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

describe("HeldOutput: a lazy request's first output, held until the worker answers", () => {
  const released = (held: HeldOutput): Array<[string, string]> => {
    const out: Array<[string, string]> = [];
    held.release((text, stream) => out.push([text, stream]));
    return out;
  };

  it('gives back every write in order, on its stream, when it holds less than its cap', () => {
    const held = new HeldOutput(100);
    held.add('a\n', 'stdout');
    held.add('b\n', 'stderr');
    held.add('c', 'stdout');
    assert.deepEqual(released(held), [['a\n', 'stdout'], ['b\n', 'stderr'], ['c', 'stdout']]);
  });

  it('beyond its cap drops the oldest writes and begins with how many lines were not shown; the newest (the last) stay', () => {
    const held = new HeldOutput(24); // two writes of 12 characters
    for (let i = 1; i <= 3000; i++) held.add(`l${i}\nm${i}\n`, 'stdout');
    const out = released(held);
    assert.deepEqual(out[0], ['… 5996 lines not shown\n', 'stderr']);
    assert.deepEqual(out.slice(1).map(([text]) => text), ['l2999\nm2999\n', 'l3000\nm3000\n']);
  });

  it('a write larger than the cap is kept whole (the newest is never dropped)', () => {
    const held = new HeldOutput(4);
    held.add('first\n', 'stdout');
    held.add('a long last line\n', 'stdout');
    assert.deepEqual(released(held), [['… 1 lines not shown\n', 'stderr'], ['a long last line\n', 'stdout']]);
  });
});
