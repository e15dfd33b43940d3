/**
 * Fakes of the host rooms' surroundings for unit tests without VS Code: a page sink that
 * records what it is sent, an in-memory workspace state and file, a URI, a workbench.
 */
import type * as vscode from 'vscode';
import type { RecordBatch } from '../../../src/core/minimize/records';
import type { PanelSink } from '../../../src/extension/panel/pages';
import type { KeyValueStore, Logger, TextFile } from '../../../src/extension/runs/persistence';
import type { RunUi } from '../../../src/extension/runs/RunLauncher';
import type { RunTarget } from '../../../src/extension/runs/types';
import type { HostToWebview, SeriesChunk } from '../../../src/shared/protocol';

/** What the pages were sent, in order. */
export class FakePages implements PanelSink {
  readonly messages: HostToWebview[] = [];
  readonly data: Array<{ runId: string; chunk: SeriesChunk }> = [];
  private waiters: Array<{ type: string; test: (message: HostToWebview) => boolean; resolve: (message: HostToWebview) => void }> = [];

  post(message: HostToWebview): void {
    this.messages.push(message);
    const ready = this.waiters.filter((w) => w.type === message.type && w.test(message));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(message);
  }

  /** The first message of `type`: one already posted, or the next one. */
  first<K extends HostToWebview['type']>(type: K): Promise<Extract<HostToWebview, { type: K }>> {
    return this.when(type, () => true);
  }

  /** The first message of `type` that passes `test`: one already posted, or the next such one. */
  when<K extends HostToWebview['type']>(type: K, test: (message: Extract<HostToWebview, { type: K }>) => boolean): Promise<Extract<HostToWebview, { type: K }>> {
    const posted = this.of(type).find(test);
    if (posted) return Promise.resolve(posted);
    return new Promise((resolve) => this.waiters.push({ type, test: test as (message: HostToWebview) => boolean, resolve: resolve as (message: HostToWebview) => void }));
  }

  postRunData(runId: string, chunk: SeriesChunk): void {
    this.data.push({ runId, chunk });
  }

  /** The kinds posted, in order. */
  get types(): string[] {
    return this.messages.map((m) => m.type);
  }

  of<K extends HostToWebview['type']>(type: K): Array<Extract<HostToWebview, { type: K }>> {
    return this.messages.filter((m): m is Extract<HostToWebview, { type: K }> => m.type === type);
  }
}

/** A `vscode.Uri` as far as the rooms use one. */
export function fakeUri(fsPath: string): vscode.Uri {
  return { fsPath, scheme: 'file', path: fsPath, toString: () => `file://${fsPath}` } as unknown as vscode.Uri;
}

export const target = (objective = 'rosenbrock', file = '/w/rosenbrock.ts'): RunTarget => ({ uri: fakeUri(file), objective });

export class MemoryState implements KeyValueStore {
  readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value ?? null)));
    return Promise.resolve();
  }
}

export class MemoryFile implements TextFile {
  writes = 0;
  constructor(public text: string | undefined = undefined) {}

  read(): Promise<string | undefined> {
    return Promise.resolve(this.text);
  }

  write(text: string): Promise<void> {
    this.writes++;
    this.text = text;
    return Promise.resolve();
  }
}

export class FakeLog implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
  print(source: string, text: string): void {
    this.lines.push(`print [${source}] ${text}`);
  }
}

/** A workbench that records what it was asked to show. */
export class FakeRunUi implements RunUi {
  trusted = true;
  hasData = false;
  readonly errors: string[] = [];
  readonly progress: Array<{ title: string; reports: Array<[number, string]> }> = [];
  restrictedExplained = 0;
  cancelProgress: (() => void) | undefined;

  isTrusted(): boolean {
    return this.trusted;
  }
  explainRestricted(): void {
    this.restrictedExplained++;
  }
  openText(): string | undefined {
    return undefined;
  }
  objectiveHasData(): boolean {
    return this.hasData;
  }
  objectiveRef(t: RunTarget) {
    return { file: t.uri.fsPath, label: t.uri.fsPath.split('/').pop()!, name: t.objective };
  }
  describeLocation(location: { file: string; line: number }): string {
    return `${location.file}:${location.line}`;
  }
  showError(message: string): void {
    this.errors.push(message);
  }
  withProgress<T>(title: string, onCancel: () => void, work: (report: (fraction: number, message: string) => void) => Promise<T>): Promise<T> {
    const entry = { title, reports: [] as Array<[number, string]> };
    this.progress.push(entry);
    this.cancelProgress = onCancel;
    return work((fraction, message) => entry.reports.push([fraction, message]));
  }
}

/** A batch of `count` steps from `firstStep` of a 2-parameter run. */
export function batch(firstStep: number, count: number): RecordBatch {
  const f = (g: (s: number) => number) => Float64Array.from({ length: count }, (_, i) => g(firstStep + i));
  return { firstStep, count, dim: 2, lr: f(() => 0.1), loss: f((s) => 1 / s), gradNorm: f((s) => 2 / s), params: Float64Array.from({ length: 2 * count }, (_, k) => k), metrics: {} };
}
