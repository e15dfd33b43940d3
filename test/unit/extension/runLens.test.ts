import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../../src/core/minimize/config';
import { lensTitle, runLensText } from '../../../src/extension/runLens';

describe('the ▶ CodeLens words', () => {
  const plan = { ok: true as const, config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, schedule: { type: 'oneCycle', threePhase: true } }), label: 'sgd lr=0.1 momentum=0.9 · oneCycle(threePhase=true)', repeats: 0 };

  it('title: the label of the run it would start; tooltip: the resolved config', () => {
    const text = runLensText(plan, 'rosenbrock', null);
    assert.equal(text.title, '▶ Run sgd lr=0.1 momentum=0.9 · oneCycle(threePhase=true)');
    const lines = text.tooltip.split('\n');
    assert.equal(lines[0], "Runs rosenbrock with the LR Lab panel's controls (change them there):");
    assert.equal(lines[1], 'optimizer: sgd(lr=0.1, momentum=0.9, dampening=0, nesterov=false, weightDecay=0)');
    assert.equal(lines[2], 'schedule: oneCycle(maxLr=0.1, totalSteps=200, pctStart=0.3, annealStrategy=cos, divFactor=25, finalDivFactor=10000, threePhase=true)');
    assert.match(lines[3]!, /^200 iterations · seed 0 · gradient auto/);
  });

  it("says when the panel's form has an error (the lens then runs its last valid controls), or why the controls make no run", () => {
    assert.match(runLensText(plan, 'rosenbrock', 'pctStart: expected a number from 0 to 1, got 1.5').tooltip, /^The panel's form has an error \(pctStart: expected a number from 0 to 1, got 1\.5\): ▶ runs its last valid controls\.\n\nRuns rosenbrock/);
    assert.deepEqual(runLensText({ ok: false, reason: 'schedule cosine: unknown option "tMaxx"' }, 'rosenbrock', null), {
      title: '▶ Run optimizer (the controls need a fix)',
      tooltip: 'The panel\'s controls do not make a run: schedule cosine: unknown option "tMaxx"',
    });
  });

  it('long labels are cut in the title (the tooltip has everything)', () => {
    const title = lensTitle('adam lr=0.001 · sequential(schedules=[linear(startFactor=0.1), cosine], milestones=[50])');
    assert.equal(title.length, '▶ Run '.length + 60);
    assert.ok(title.endsWith('…'));
  });
});
