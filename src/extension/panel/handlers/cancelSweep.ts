import type { Handler } from './types';

/** Stop the sweep, or one of its cells. */
export const cancelSweep: Handler<'cancelSweep'> = (message, room) => {
  if (room.sweep.state?.sweepId === message.sweepId) room.sweep.cancel(message.index);
};
