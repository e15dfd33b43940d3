/** The per-evaluation gauge's slots: written by the worker on every call into user code, so in a cache line no other gauge shares. */
import assert from 'node:assert/strict';
import { createGaugeBuffer, EvalGauge, EvalWatchdog, PART_F } from '../../../../src/core/loader/evalGauge';

describe('EvalGauge', () => {
  it('writes only inside the middle 64 bytes of its buffer: a 64-byte line of its own wherever the buffer starts', () => {
    const buffer = createGaugeBuffer();
    assert.equal(buffer.byteLength, 192);
    const gauge = new EvalGauge(buffer);
    gauge.enter(PART_F);
    const bytes = new Uint8Array(buffer);
    const written = [...bytes.keys()].filter((i) => bytes[i] !== 0);
    assert.ok(written.length > 0);
    assert.ok(written.every((i) => i >= 64 && i < 128), `bytes written: ${written.join(', ')}`);
  });

  it('tells the watchdog of a call that does not return', async () => {
    const buffer = createGaugeBuffer();
    new EvalGauge(buffer).enter(PART_F);
    const part = await new Promise((resolve) => new EvalWatchdog(buffer, 40).start(resolve));
    assert.equal(part, 'f');
  });

  it("carries the calling thread's request to stop to the worker's loop, outside the slots written on every call", () => {
    const buffer = createGaugeBuffer();
    const gauge = new EvalGauge(buffer);
    const watchdog = new EvalWatchdog(buffer, 10_000);
    assert.equal(watchdog.listensForStop, false);
    gauge.listenForStop();
    assert.equal(watchdog.listensForStop, true);
    assert.equal(gauge.stopRequested(), false);
    watchdog.requestStop();
    assert.equal(gauge.stopRequested(), true);
    const bytes = new Uint8Array(buffer);
    assert.ok([...bytes.keys()].filter((i) => bytes[i] !== 0).every((i) => i < 64));
  });
});
