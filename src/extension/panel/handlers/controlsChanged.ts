import type { Handler } from './types';

/** The user edited the controls: remembered for Run Again and the next reload. */
export const controlsChanged: Handler<'controlsChanged'> = (message, room) => {
  room.playground.setControls(message.controls);
};
