import type { Handler } from './types';

/** A heat-map cell was clicked: overlay its run in the curves and the landscape. */
export const showSweepCell: Handler<'showSweepCell'> = async (message, room) => {
  await room.sweep.showCell(message.sweepId, message.index);
};
