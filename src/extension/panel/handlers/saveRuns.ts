import type { Handler } from './types';

/** Save runs to a `.lrlab.json` run set. */
export const saveRuns: Handler<'saveRuns'> = async (message, room) => {
  await room.runSets.save(message.runIds);
};
