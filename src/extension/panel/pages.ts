/**
 * Every open page (the editor panel today; a side-bar view can join it): the rooms of the
 * host talk to `Pages`, which broadcasts to each, so nothing fetches "the" panel from a
 * static. A page host is anything that shows the page in a webview and keeps the message
 * border (`RunPanel` for the editor panel).
 */
import type { HostToWebview, SeriesChunk } from '../../shared/protocol';

/** Where the host's rooms send what the pages show. */
export interface PanelSink {
  /** Send a message to every page (each queues it until its page is ready). */
  post(message: HostToWebview): void;
  /** Stream a chunk of a run's records (each page coalesces chunks per refresh interval). */
  postRunData(runId: string, chunk: SeriesChunk): void;
}

/** One webview showing the page. */
export interface PageHost extends PanelSink {
  readonly isReady: boolean;
  readonly visible: boolean;
  setRefreshMs(ms: number): void;
  /** Resolves once the page has said `ready` (and received its snapshot). */
  whenReady(): Promise<void>;
  /** A PNG data URL of the page's charts. */
  requestPng(timeoutMs?: number): Promise<string>;
  /** Fires once when the host is closed. */
  onDidDispose(listener: () => void): { dispose(): void };
}

export class Pages implements PanelSink {
  private readonly hosts = new Set<PageHost>();

  /** Broadcast to `host` until it is disposed. */
  add(host: PageHost): void {
    this.hosts.add(host);
    host.onDidDispose(() => this.hosts.delete(host));
  }

  get all(): readonly PageHost[] {
    return [...this.hosts];
  }

  post(message: HostToWebview): void {
    for (const host of this.hosts) host.post(message);
  }

  postRunData(runId: string, chunk: SeriesChunk): void {
    for (const host of this.hosts) host.postRunData(runId, chunk);
  }

  setRefreshMs(ms: number): void {
    for (const host of this.hosts) host.setRefreshMs(ms);
  }
}
