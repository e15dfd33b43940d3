/**
 * Routes the host's messages to the rooms of the page. Each room registers a small handler for
 * the kinds it owns (`router.on('runData', …)`); a kind several rooms care about (`init`,
 * `context`) reaches them in the order they registered. A message that fails validation, that
 * `admit` turns away, or that no room handles is logged and dropped, never thrown on; a
 * handler that throws is reported and does not stop the handlers after it.
 */
import type { HostMessage, HostMessageType, HostParseResult, HostToWebview } from '../src/shared/protocol';

export type HostMessageHandler<K extends HostMessageType> = (message: HostMessage<K>) => void;

export interface RouterOptions {
  /** Validation of whatever arrived (a version skew or a host bug must not break the page): the protocol's `parseHostMessage`. */
  parse(raw: unknown): HostParseResult;
  /** Asked before any handler runs; a message it refuses goes no further (e.g. another protocol version). */
  admit?(message: HostToWebview): boolean;
  /** A handler threw while handling `message`. */
  failed(message: HostToWebview, error: unknown): void;
}

type AnyHandler = (message: HostToWebview) => void;

/** Undoes a registration. */
export type Unregister = () => void;

export class MessageRouter {
  private readonly handlers = new Map<HostMessageType, Array<AnyHandler>>();

  constructor(private readonly options: RouterOptions) {}

  on<K extends HostMessageType>(type: K, handler: HostMessageHandler<K>): Unregister {
    const list = this.handlers.get(type) ?? [];
    const entry = handler as AnyHandler;
    list.push(entry);
    this.handlers.set(type, list);
    return () => {
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Validate one message from the host and hand it to the handlers of its kind. */
  route(raw: unknown): void {
    const parsed = this.options.parse(raw);
    if (!parsed.ok) {
      console.warn(`LR Lab: ignored a message from the host: ${parsed.error}`);
      return;
    }
    for (const warning of parsed.warnings) console.warn(`LR Lab: ${warning}`);
    const message = parsed.message;
    const handlers = this.handlers.get(message.type);
    if (!handlers?.length) {
      console.warn(`LR Lab: no part of the panel handles "${message.type}" messages; ignored`);
      return;
    }
    if (this.options.admit && !this.options.admit(message)) return;
    // A copy: a handler may register or unregister others.
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        this.options.failed(message, error);
      }
    }
  }
}
