import type { Handler } from './types';

/** "Insert schedule into editor" on a run. */
export const insertSchedule: Handler<'insertSchedule'> = (message, room) => room.editor.insertSchedule(message.runId);
