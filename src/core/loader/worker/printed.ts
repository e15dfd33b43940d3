/**
 * What the user's code prints (console.log, process.stdout.write, …), sent to the host over the
 * worker's message port in batches instead of through the worker's stdio. A worker's stdout
 * sends one chunk and holds the rest until the host acknowledges it, which a synchronous run
 * cannot read: everything a run printed stayed in the worker's heap until the run ended (a run
 * printing without bound ran out of memory) and then reached the host all in one turn of its
 * event loop, one 'data' event per write (200 000 lines stalled the extension host ~0.9 s).
 * A message posts at once, even from a loop that never yields; so what is printed reaches the
 * host while the run goes on, and the worker holds at most `maxChars` of it.
 */
import type { PrintedPart } from '../workerProtocol';

export interface PrintedOptions {
  /** Send what is held once it reaches this many characters. */
  readonly maxChars?: number;
  /** Send what is held at the first write this long after the last send (a lone line goes at once). */
  readonly maxDelayMs?: number;
  readonly now?: () => number;
}

export class PrintedOutput {
  private parts: { stream: PrintedPart['stream']; text: string }[] = [];
  private chars = 0;
  private sentAt = Number.NEGATIVE_INFINITY;
  private readonly maxChars: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly send: (parts: readonly PrintedPart[]) => void,
    options: PrintedOptions = {},
  ) {
    this.maxChars = options.maxChars ?? 64 * 1024;
    this.maxDelayMs = options.maxDelayMs ?? 20;
    this.now = options.now ?? Date.now;
  }

  /** Takes over `process.stdout` and `process.stderr`: what is written to them is held here. */
  capture(streams: Record<PrintedPart['stream'], NodeJS.WritableStream>): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const target = streams[stream];
      target.write = (chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean => {
        const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
        this.add(stream, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(encoding));
        // Taken: there is nothing to wait for (console passes a callback that only looks for errors).
        (typeof encodingOrCallback === 'function' ? encodingOrCallback : callback)?.(null);
        return true;
      };
    }
  }

  add(stream: PrintedPart['stream'], text: string): void {
    if (text === '') return;
    const last = this.parts[this.parts.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.parts.push({ stream, text });
    this.chars += text.length;
    const now = this.now();
    if (this.chars >= this.maxChars || now - this.sentAt >= this.maxDelayMs) this.flush(now);
  }

  /** Sends what is held (the worker calls this before each message it posts, to keep the order). */
  flush(now = this.now()): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.chars = 0;
    this.sentAt = now;
    this.send(parts);
  }
}
