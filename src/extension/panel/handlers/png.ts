import type { Handler } from './types';

/** The user's Export PNG (a PNG the host asked for is answered by the page host itself). */
export const png: Handler<'png'> = (message, room) => room.exporter.savePng(message.dataUrl);
