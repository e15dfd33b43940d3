import assert from 'node:assert/strict';
import { noTargetNotice, panelContext, restrictedNotice } from '../../../../src/extension/panel/context';

const objective = { file: '/w/f.ts', label: 'f.ts', name: 'beale' };

describe('panelContext', () => {
  it('panelContext lists the file objectives with the panel objective first when discovery misses it', () => {
    assert.deepEqual(panelContext({ trusted: true, objective, objectivesInFile: ['sphere'] }), { objective, objectives: ['beale', 'sphere'], trusted: true, notice: null, batched: false });
    assert.deepEqual(panelContext({ trusted: true, objective, objectivesInFile: ['sphere', 'beale'] }).objectives, ['sphere', 'beale']);
  });

  it('panelContext says why nothing can run: Restricted Mode first, then no objective', () => {
    assert.equal(panelContext({ trusted: false, objective, objectivesInFile: [] }).notice, restrictedNotice());
    assert.equal(panelContext({ trusted: true, objective: null, objectivesInFile: [] }).notice, noTargetNotice());
  });

  it('panelContext says whether the objective has data, so the page offers a batch size', () => {
    assert.equal(panelContext({ trusted: true, objective, objectivesInFile: [], batched: true }).batched, true);
    assert.equal(panelContext({ trusted: true, objective, objectivesInFile: [] }).batched, false);
  });
});
