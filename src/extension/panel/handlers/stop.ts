import type { Handler } from './types';

/** Stop: every running run, the lr finder and the sweep (their workers are terminated). */
export const stop: Handler<'stop'> = (_message, room) => {
  room.launcher.stop();
  room.finder.cancel();
  room.sweep.cancel();
};
