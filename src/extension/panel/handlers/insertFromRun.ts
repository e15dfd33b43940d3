import type { Handler } from './types';

/** "Insert schedule into editor" on a run. */
export const insertSchedule: Handler<'insertSchedule'> = (message, room) => room.editor.insertSchedule(message.runId);

/** "Insert optimizer into editor" on a run. */
export const insertOptimizer: Handler<'insertOptimizer'> = (message, room) => room.editor.insertOptimizer(message.runId);
