/**
 * LR Lab's schedules against the real PyTorch schedulers (test/golden/schedules.json, made by
 * scripts/golden/schedules.py with torch 1.13). PyTorch computes most lrs recursively
 * (lr ← lr · ratio) while LR Lab uses the closed forms, so the last bits can differ; the
 * worst case measured is 3.6e-14 relative (CosineAnnealingLR), inside the 1e-12 bound.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { previewSchedule, resolveScheduleConfig } from '../../../../src/core/schedules';

interface GoldenCase {
  readonly name: string;
  readonly torch: string;
  readonly config: { readonly type: string } & Record<string, unknown>;
  readonly baseLr: number;
  readonly steps: number;
  readonly metrics?: number[];
  readonly lrs: number[];
}

const golden = JSON.parse(readFileSync(join(__dirname, '../../../golden/schedules.json'), 'utf8')) as { torch: string; cases: GoldenCase[] };
const REL = 1e-12;

describe('schedules match torch.optim.lr_scheduler (golden)', () => {
  it('covers every PyTorch-backed schedule with at least 40 steps', () => {
    const types = new Set(golden.cases.map((c) => c.config.type));
    for (const t of ['step', 'multiStep', 'exponential', 'linear', 'polynomial', 'cosine', 'cosineWarmRestarts', 'oneCycle', 'cyclic', 'plateau', 'sequential']) {
      assert.ok(types.has(t), `no golden case for ${t}`);
    }
    for (const c of golden.cases) assert.ok(c.steps >= 40 && c.lrs.length === c.steps, `${c.name}: ${c.lrs.length} steps`);
  });

  for (const c of golden.cases) {
    it(`${c.name}: ${c.torch}`, () => {
      const config = resolveScheduleConfig(c.config, { baseLr: c.baseLr, totalSteps: c.steps });
      const lrs = previewSchedule(config, c.baseLr, c.steps, c.metrics);
      for (let t = 0; t < c.steps; t++) {
        const expected = c.lrs[t]!;
        const got = lrs[t]!;
        assert.ok(Math.abs(got - expected) <= REL * Math.abs(expected), `t=${t}: torch ${expected}, LR Lab ${got}`);
      }
    });
  }
});
