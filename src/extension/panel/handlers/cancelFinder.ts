import type { Handler } from './types';

/** Stop the lr finder (the steps it took stay as its curve). */
export const cancelFinder: Handler<'cancelFinder'> = (_message, room) => {
  room.finder.cancel();
};
