import type { Handler } from './types';

/** Open a run set and run its runs again. */
export const openRuns: Handler<'openRuns'> = async (_message, room) => {
  await room.runSets.open();
};
