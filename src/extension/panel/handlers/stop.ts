import type { Handler } from './types';

/** Stop: every running run (their workers are terminated). */
export const stop: Handler<'stop'> = (_message, room) => {
  room.launcher.stop();
};
