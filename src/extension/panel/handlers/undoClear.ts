import * as l10n from '@vscode/l10n';
import { snapshotOf } from '../../runs/runStore';
import type { Handler } from './types';

/** Undo of the last Clear: its runs go back into the store, the pages, the archive and the status bar. */
export const undoClear: Handler<'undoClear'> = (_message, room) => {
  const runs = room.cleared.takeBack();
  if (runs.length === 0) {
    room.pages.post({ type: 'error', message: l10n.t('Nothing to undo: the cleared runs are gone (only the last Clear can be undone).') });
    return;
  }
  room.store.attach(runs);
  room.pages.post({ type: 'runsRestored', runs: runs.map(snapshotOf) });
  room.status.restored(runs.map((run) => run.meta.id));
  room.archive.schedulePersist();
};
