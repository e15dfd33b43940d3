import type { Handler } from './types';

/** The heat map's target loss changed: count every cell's steps to it. */
export const sweepTarget: Handler<'sweepTarget'> = (message, room) => {
  void room.sweep.setTargetLoss(message.sweepId, message.targetLoss);
};
