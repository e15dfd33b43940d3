/**
 * What survives a reload, without `vscode` at run time (the workbench adapters supply the
 * storage):
 *  - `Playground`: the objective the panel's controls act on and the control values, kept in
 *    the workspace state, so the panel comes back as it was left;
 *  - `RunArchive`: finished runs, written (debounced) to a file in the workspace storage and
 *    read back into the store before the panel's first snapshot.
 */
import { canonicalJson } from '../../shared/canonical';
import type * as vscode from 'vscode';
import type { ControlValues } from '../../shared/protocol';
import { Emitter } from '../events';
import type { RunStore, PersistedRun } from './runStore';
import type { RunTarget } from './types';

/** The part of `vscode.Memento` used. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** A text file: `read` gives undefined when it does not exist yet. */
export interface TextFile {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const STATE_KEY = 'lrlab.playground';

interface SavedPlayground {
  target?: { file: string; objective: string };
  controls?: ControlValues;
  /** The controls are the user's edits in the panel (a settings change keeps them). */
  editedInPanel?: boolean;
}

/**
 * The panel's objective and control values, remembered in the workspace state, and the
 * problem of the panel's form when it has one (its controls are then the last valid ones).
 */
export class Playground {
  private current: RunTarget | undefined;
  private values: ControlValues;
  private formProblem: string | null = null;
  private edited = false;
  private readonly changed = new Emitter<void>();
  /** The target, the controls or the form's problem changed (the CodeLens says what ▶ runs). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: KeyValueStore,
    initialControls: () => ControlValues,
    uriOf: (file: string) => vscode.Uri,
  ) {
    const saved = state.get<SavedPlayground>(STATE_KEY);
    this.values = saved?.controls ?? initialControls();
    this.edited = saved?.controls !== undefined && saved.editedInPanel === true;
    if (saved?.target) this.current = { uri: uriOf(saved.target.file), objective: saved.target.objective };
  }

  get target(): RunTarget | undefined {
    return this.current;
  }

  get controls(): ControlValues {
    return this.values;
  }

  /** What is wrong in the panel's form right now (its controls are the last valid ones), or null. */
  get problem(): string | null {
    return this.formProblem;
  }

  setTarget(target: RunTarget | undefined): void {
    this.current = target;
    void this.save();
    this.changed.fire();
  }

  /**
   * Whether the controls are edits the user made in the panel's form (a settings change keeps
   * them, settingsReactions.ts), rather than the settings' or another command's.
   */
  get editedInPanel(): boolean {
    return this.edited;
  }

  /**
   * New controls; `problem`: the form the page shows does not read (these are its last valid
   * values); `fromPanel`: the user edited them in the panel. Others' controls (a command's, the
   * settings') that differ end that: they are not the user's edits.
   */
  setControls(controls: ControlValues, problem: string | null = null, fromPanel = false): void {
    if (fromPanel) this.edited = true;
    else if (canonicalJson(controls) !== canonicalJson(this.values)) this.edited = false;
    this.values = controls;
    this.formProblem = problem;
    void this.save();
    this.changed.fire();
  }

  private save(): Thenable<void> {
    const target = this.current ? { file: this.current.uri.fsPath, objective: this.current.objective } : undefined;
    return this.state.update(STATE_KEY, { target, controls: this.values, editedInPanel: this.edited } satisfies SavedPlayground);
  }
}

export const MAX_PERSISTED_RUNS = 30;
const PERSIST_DELAY_MS = 500;

/** Finished runs across reloads. */
export class RunArchive implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private restored: Promise<void> | undefined;

  constructor(
    private readonly store: RunStore,
    private readonly file: TextFile,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** Read the saved runs into the store, once (later calls wait for the first). */
  restore(): Promise<void> {
    this.restored ??= (async () => {
      try {
        const text = await this.file.read();
        if (text === undefined) return;
        const parsed = JSON.parse(text) as { runs?: PersistedRun[] };
        if (Array.isArray(parsed.runs)) this.store.restore(parsed.runs);
      } catch (e) {
        this.log.warn(`could not restore runs: ${String(e)}`);
      }
    })();
    return this.restored;
  }

  /** Save soon: changes in a burst (several runs ending, a clear) are written once. */
  schedulePersist(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.persist(), PERSIST_DELAY_MS);
  }

  /** Write the finished runs now (the latest MAX_PERSISTED_RUNS). */
  async persist(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const runs = this.store.toPersisted().slice(-MAX_PERSISTED_RUNS);
    try {
      await this.file.write(JSON.stringify({ version: 1, runs }));
    } catch (e) {
      this.log.warn(`could not save runs: ${String(e)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
