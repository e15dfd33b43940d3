import type { Handler } from './types';

/** Clear: the given runs, or all; the pages drop them and the archive forgets them. */
export const clear: Handler<'clear'> = (message, room) => {
  const removed = message.runIds ? room.store.remove(message.runIds) : room.store.clear();
  room.pages.post({ type: 'runsCleared', runIds: removed });
  room.archive.schedulePersist();
};
