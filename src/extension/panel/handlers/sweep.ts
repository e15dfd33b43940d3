import { noObjectiveYet } from './run';
import type { Handler } from './types';

/** Sweep lr × optimizers × schedules × seeds on the panel's objective. */
export const sweep: Handler<'sweep'> = async (message, room) => {
  const target = room.playground.target;
  if (!target) {
    room.pages.post({ type: 'error', message: noObjectiveYet() });
    return;
  }
  const { type: _type, ...request } = message;
  await room.sweep.sweep(target, request);
};
