import type { Handler } from './types';

/** Stop: every running run, the lr finder and the sweep (each after its step under way, see RunHandle.cancel). */
export const stop: Handler<'stop'> = (_message, room) => {
  room.launcher.stop();
  room.finder.cancel();
  room.sweep.cancel();
};
