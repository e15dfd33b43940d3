/** A handler of one kind of page message: small, one per module, found by kind in `index.ts`. */
import type { WebviewMessage, WebviewMessageType } from '../../../shared/protocol';
import type { PanelRoom } from '../room';

export type Handler<K extends WebviewMessageType> = (message: WebviewMessage<K>, room: PanelRoom) => void | Promise<void>;

/** Aim the controls at `target` and tell the pages. */
export function aimAt(room: PanelRoom, target: Parameters<PanelRoom['playground']['setTarget']>[0]): void {
  room.playground.setTarget(target);
  room.pages.post({ type: 'context', context: room.context() });
}
