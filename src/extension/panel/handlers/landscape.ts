import type { Handler } from './types';

/** The landscape of the runs the page shows: scene at once, then f on the grid. */
export const landscape: Handler<'landscape'> = (message, room) => room.landscape.request(message);
