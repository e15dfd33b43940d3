/** Sweeps: the grid of lr × optimizers × schedules × seeds, the pool of workers that runs its cells, each cell's numbers. */
export { logSpaced, MAX_SWEEP_CELLS, parseLrGrid, sweepCells, type RawTyped, type SweepCell, type SweepSpec } from './grid';
export { defaultJobs, runSweep, type SweepHandle, type SweepListener, type SweepOptions } from './pool';
export { cellSummary, type CellSummary } from './summary';
export { bestLr, endedCleanly, quickSweepLrs, QUICK_SWEEP_COUNT, type LrTrial } from './bestLr';
export { recountConfig, recountedSteps, type CellEnding } from './recount';
