import type { Handler } from './types';

/**
 * The user edited the controls: remembered for Run Again, the CodeLens and the next reload. A
 * form that does not read comes with its problem and its last valid controls.
 */
export const controlsChanged: Handler<'controlsChanged'> = (message, room) => {
  room.playground.setControls(message.controls, message.problem ?? null, true);
};
