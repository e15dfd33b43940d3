/** Timing helpers: how many calls fill a time budget, and milliseconds per call. */

/** performance.now() after `calls` calls of fn, minus before, divided by calls. */
export function msPerCall(fn: () => void, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - start) / calls;
}

/** Calls of fn that take about `budgetMs` (at least 1), after warming it up. */
export function callsFor(fn: () => void, budgetMs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  let calls = 1;
  for (;;) {
    const ms = msPerCall(fn, calls) * calls;
    if (ms >= budgetMs / 4 || calls >= 1 << 24) return Math.max(1, Math.round((calls * budgetMs) / Math.max(ms, 1e-3)));
    calls *= 4;
  }
}

/** Same as msPerCall for an asynchronous fn. */
export async function msPerCallAsync(fn: () => Promise<void>, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - start) / calls;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
