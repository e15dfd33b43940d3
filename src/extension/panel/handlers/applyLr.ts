import { noObjectiveYet } from './run';
import type { Handler } from './types';

/** A suggested lr was picked: it becomes the lr control (the pages follow), and a run starts with it when asked. */
export const applyLr: Handler<'applyLr'> = async (message, room) => {
  const current = room.playground.controls;
  const controls = { ...current, optimizer: { ...current.optimizer, lr: message.lr } };
  room.playground.setControls(controls);
  room.pages.post({ type: 'controls', controls });
  if (!message.run) return;
  const target = room.playground.target;
  if (!target) {
    room.pages.post({ type: 'error', message: noObjectiveYet() });
    return;
  }
  await room.launcher.run(target, controls);
};
