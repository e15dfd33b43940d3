import type { Handler } from './types';

/** Pause / Step / Resume: the running run(s), one optimizer step at a time (the step inspector shows each). */
export const stepRun: Handler<'stepRun'> = (message, room) => {
  room.launcher.control(message.action, message.runId);
};
