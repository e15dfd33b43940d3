import type { Handler } from './types';

/**
 * Clear: the given runs, or all; the pages drop them (offering Undo), the archive forgets them,
 * the status bar stops showing one of them. The removed runs are kept for `undoClear`.
 */
export const clear: Handler<'clear'> = (message, room) => {
  const removed = room.store.detach(message.runIds);
  room.cleared.keep(removed);
  const runIds = removed.map((run) => run.meta.id);
  room.pages.post({ type: 'runsCleared', runIds, undoable: removed.length > 0 });
  room.status.forget(runIds);
  room.archive.schedulePersist();
};
