/**
 * The panel's controller: the page host hands it validated messages and it finds each one's
 * handler by kind (handlers/); it also makes the `init` snapshot a page gets on `ready`. It
 * holds no page: every message out goes through the `PanelRoom`'s pages, so it serves the
 * editor panel and any other page host alike.
 */
import { PROTOCOL_VERSION, type Catalog, type HostMessage, type WebviewMessageType, type WebviewToHost } from '../../shared/protocol';
import type { Logger } from '../runs/persistence';
import { HANDLERS } from './handlers';
import type { Handler } from './handlers/types';
import type { PageController } from './RunPanel';
import type { PanelRoom } from './room';

export class PanelController implements PageController {
  constructor(
    private readonly room: PanelRoom,
    private readonly catalog: () => Catalog,
    private readonly refreshMs: () => number,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  snapshot(): HostMessage<'init'> {
    return {
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      runs: this.room.store.snapshot(),
      catalog: this.catalog(),
      controls: this.room.playground.controls,
      context: this.room.context(),
      refreshMs: this.refreshMs(),
      finder: this.room.finder.state,
      sweep: this.room.sweep.state,
      paused: this.room.launcher.paused(),
    };
  }

  handle(message: WebviewToHost): void | Promise<void> {
    const handler = HANDLERS[message.type] as Handler<WebviewMessageType>;
    return handler(message as never, this.room);
  }

  rejected(error: string): void {
    this.log.warn(error);
    this.room.pages.post({ type: 'error', message: error });
  }
}
