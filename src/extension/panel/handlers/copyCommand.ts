import type { Handler } from './types';

/** Copy a run's `lrlab run` line. */
export const copyCommand: Handler<'copyCommand'> = async (message, room) => {
  await room.runSets.copyCommand(message.runId);
};
