import type { Handler } from './types';

/** Open the user's file at a location (an error's link). */
export const reveal: Handler<'reveal'> = (message, room) => room.editor.reveal(message.file, message.line, message.column);
