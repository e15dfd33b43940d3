/**
 * One handler per kind of page message. The table is complete by type: a new kind in the
 * protocol does not compile until it has its handler here (a new view adds handlers, not
 * branches of a switch).
 */
import type { WebviewMessageType } from '../../../shared/protocol';
import { clear } from './clear';
import { controlsChanged } from './controlsChanged';
import { exportRuns } from './exportRuns';
import { insertOptimizer, insertSchedule } from './insertFromRun';
import { png } from './png';
import { previewSchedule } from './previewSchedule';
import { reveal } from './reveal';
import { run } from './run';
import { saveDefaults } from './saveDefaults';
import { selectObjective } from './selectObjective';
import { stop } from './stop';
import { stepRun } from './stepRun';
import { undoClear } from './undoClear';
import { applyLr } from './applyLr';
import { cancelFinder } from './cancelFinder';
import { cancelSweep } from './cancelSweep';
import { copyCommand } from './copyCommand';
import { findLr } from './findLr';
import { landscape } from './landscape';
import { openRuns } from './openRuns';
import { saveRuns } from './saveRuns';
import { showSweepCell } from './showSweepCell';
import { sweep } from './sweep';
import { sweepTarget } from './sweepTarget';
import type { Handler } from './types';

export const HANDLERS: { readonly [K in WebviewMessageType]: Handler<K> } = {
  // `ready` is the page host's own business (it answers with the snapshot).
  ready: () => undefined,
  run,
  stop,
  stepRun,
  clear,
  undoClear,
  saveDefaults,
  controlsChanged,
  selectObjective,
  export: exportRuns,
  png,
  previewSchedule,
  insertSchedule,
  insertOptimizer,
  reveal,
  // The playground.
  landscape,
  findLr,
  cancelFinder,
  applyLr,
  sweep,
  cancelSweep,
  sweepTarget,
  showSweepCell,
  saveRuns,
  openRuns,
  copyCommand,
};
