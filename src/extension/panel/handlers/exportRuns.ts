import type { Handler } from './types';

/** Export runs as CSV or JSON through a save dialog. */
export const exportRuns: Handler<'export'> = (message, room) => room.exporter.exportRuns(message.format, message.runIds);
