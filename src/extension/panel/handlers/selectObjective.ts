import { aimAt, type Handler } from './types';

/** Another objective of the same file. */
export const selectObjective: Handler<'selectObjective'> = (message, room) => {
  const target = room.playground.target;
  if (target) aimAt(room, { uri: target.uri, objective: message.name });
};
