/**
 * What the extension-host suites share (bundled into each suite; not a suite itself: only
 * `*.test.ts` files are): the API, files of the test workspace, waiting, settings that are
 * put back after each test, and independent references (objective formulas, SGD by hand).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LrLabApi } from '../../src/extension/extension';
import type { RunCompletion } from '../../src/extension/runs/types';
import type { ControlValues, RunSnapshot } from '../../src/shared/protocol';

export type { LrLabApi, RunCompletion, ControlValues, RunSnapshot };

export const EXTENSION_ID = 'lrlab.lrlab';
export const DIAGNOSTIC_SOURCE = 'LR Lab';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Any wait of the extension-host tests may take this long before it is a hang (generous: a busy machine must not reach it). */
export const HANG_BOUND_MS = 90_000;

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string | (() => string), timeoutMs = HANG_BOUND_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(50);
  }
}

/** The API `activate` returned (activating the extension if needed). */
export async function lrlab(): Promise<LrLabApi> {
  const extension = vscode.extensions.getExtension<LrLabApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function workspaceUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, path);
}

/** Opens a workspace file in the first editor column. */
export async function open(path: string | vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(typeof path === 'string' ? workspaceUri(path) : path);
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

let scratchCount = 0;

/** A new file under `scratch/` in the workspace with the text of `from` (a workspace file), so a test may edit it freely. */
export async function scratchCopy(from: string, name = from.replace(/^.*\//, '')): Promise<vscode.Uri> {
  const text = await vscode.workspace.fs.readFile(workspaceUri(from));
  const uri = workspaceUri(`scratch/${++scratchCount}-${name}`);
  await vscode.workspace.fs.writeFile(uri, text);
  return uri;
}

/** 0-based line of the `// MARK: name` comment (fixtures mark the lines tests check). */
export function markedLine(document: vscode.TextDocument, mark: string): number {
  const lines = document.getText().split(/\r?\n/);
  const index = lines.findIndex((line) => line.includes(`// MARK: ${mark}`));
  assert.ok(index >= 0, `no "// MARK: ${mark}" in ${document.uri.path}`);
  return index;
}

/** 0-based line of the first occurrence of `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0, `${JSON.stringify(text)} is not in ${document.uri.path}`);
  return document.positionAt(at).line;
}

/** The next run completion the extension announces. */
export function nextCompletion(api: LrLabApi, timeoutMs = 30_000): Promise<RunCompletion> {
  const announced = new Promise<RunCompletion>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no run completion within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = api.onDidFinishRun((completion) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(completion);
    });
  });
  // A test that fails before awaiting it (the command threw) leaves no unhandled rejection behind.
  announced.catch(() => undefined);
  return announced;
}

/** `lrlab.runOptimizer` with a file and an objective (what the CodeLens passes); checks that the event reported the same completion. */
export async function runCommand(api: LrLabApi, uri: vscode.Uri, objective: string): Promise<RunCompletion> {
  const announced = nextCompletion(api);
  const returned = await vscode.commands.executeCommand<RunCompletion | undefined>('lrlab.runOptimizer', uri, objective);
  const completion = await announced;
  assert.ok(returned, 'lrlab.runOptimizer returned nothing');
  assert.equal(returned.runId, completion.runId, 'the command returned another completion than onDidFinishRun announced');
  assert.equal(api.lastCompletion(), completion, 'lastCompletion() is not the announced completion');
  return completion;
}

/** The stored run of a completion (the panel's data). */
export function runOf(api: LrLabApi, completion: RunCompletion): RunSnapshot {
  assert.ok(completion.runId, `the run did not start: ${JSON.stringify({ status: completion.status, reason: completion.reason, outcome: completion.outcome })}`);
  const run = api.runs().find((r) => r.meta.id === completion.runId);
  assert.ok(run, `run ${completion.runId} is not in api.runs()`);
  return run;
}

/** Asserts the run ended for `reason`, with a message that shows how it ended otherwise. */
export function assertStopReason(completion: RunCompletion, reason: string): void {
  assert.equal(completion.status, 'finished', `refused: ${completion.reason}`);
  assert.ok(completion.outcome, 'no outcome');
  assert.equal(completion.outcome.stopReason, reason, `${completion.outcome.stopReason}: ${completion.outcome.detail}`);
}

/** LR Lab's diagnostics of a file as VS Code reports them (all collections, filtered by source). */
export function lrlabDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

// ------------------------------------------------------------------ settings

/** `lrlab.*` keys as `getConfiguration('lrlab')` names them. */
export type SettingKey =
  | 'optimizer'
  | 'learningRate'
  | 'option.momentum'
  | 'option.beta2'
  | 'optimizerOptions'
  | 'schedule'
  | 'scheduleOption.gamma'
  | 'scheduleOptions'
  | 'iterations'
  | 'seed'
  | 'gradient'
  | 'timeLimitSeconds'
  | 'evalTimeLimitSeconds'
  | 'memoryLimitMb'
  | 'panel.refreshIntervalMs'
  | 'codeLens.enabled'
  | 'landscape.gridSize'
  | 'plotLocation';

/**
 * `lrlab.*` workspace settings (`.vscode/settings.json` of the test workspace), written with
 * `WorkspaceConfiguration.update` as the Settings editor does, and put back by `restore()`.
 * A suite keeps one scope for its `before`/`after` and one for its tests (`afterEach`).
 * Each write costs a few hundred ms, so values already set are not written again.
 */
export class SettingsScope {
  private readonly saved = new Map<SettingKey, unknown>();

  /**
   * Sets the values; with `api` and `expectedControls`, waits until the extension's controls
   * (what the next `lrlab.runOptimizer` runs with) follow them.
   */
  async set(values: Partial<Record<SettingKey, unknown>>, api?: LrLabApi, expectedControls?: ControlValues): Promise<void> {
    for (const [key, value] of Object.entries(values) as [SettingKey, unknown][]) {
      const current = workspaceValue(key);
      if (!this.saved.has(key)) this.saved.set(key, current);
      if (!isDeepStrictEqual(current, value)) await configuration().update(key, value, vscode.ConfigurationTarget.Workspace);
    }
    if (api && expectedControls) {
      await waitFor(
        () => isDeepStrictEqual(api.controls(), expectedControls),
        () => `the controls to follow the settings: expected ${JSON.stringify(expectedControls)}, got ${JSON.stringify(api.controls())}`,
      );
    }
  }

  /** Puts back the values the settings had before this scope first set them. */
  async restore(): Promise<void> {
    for (const [key, value] of this.saved) {
      if (!isDeepStrictEqual(workspaceValue(key), value)) await configuration().update(key, value, vscode.ConfigurationTarget.Workspace);
    }
    this.saved.clear();
  }
}

const configuration = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('lrlab');
const workspaceValue = (key: SettingKey): unknown => configuration().inspect(key)?.workspaceValue;

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ references

/** Rosenbrock's function and exact gradient (examples/rosenbrock.ts's formulas, written again). */
export const rosenbrock = {
  f: ([x, y]: readonly number[]): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: ([x, y]: readonly number[]): number[] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
};

/** (x0 − 1)² + 2 (x1 + 2)² (fixtures/quadraticBowl.ts). */
export const quadraticBowl = {
  f: ([a, b]: readonly number[]): number => (a - 1) ** 2 + 2 * (b + 2) ** 2,
  grad: ([a, b]: readonly number[]): number[] => [2 * (a - 1), 4 * (b + 2)],
};

/**
 * torch.optim.SGD by hand: buf₁ = g₁, bufₜ = μ·bufₜ₋₁ + gₜ, p ← p − lrₜ·buf (μ = 0: p ← p − lrₜ·g).
 * Returns the loss each step starts from (what a record's `loss` is) and the final parameters.
 */
export function sgdByHand(objective: { f(x: readonly number[]): number; grad(x: readonly number[]): number[] }, x0: readonly number[], lrs: readonly number[], momentum = 0): { losses: number[]; gradNorms: number[]; x: number[] } {
  const x = [...x0];
  let buf: number[] | null = null;
  const losses: number[] = [];
  const gradNorms: number[] = [];
  for (const lr of lrs) {
    losses.push(objective.f(x));
    const g = objective.grad(x);
    gradNorms.push(Math.hypot(...g));
    buf = buf === null || momentum === 0 ? g : buf.map((b, i) => momentum * b + g[i]);
    for (let i = 0; i < x.length; i++) x[i] -= lr * buf[i];
  }
  return { losses, gradNorms, x };
}

export function assertClose(actual: number, expected: number, relative: number, what: string): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= relative * scale, `${what}: ${actual} is not within ${relative} (relative) of ${expected}`);
}

export function assertAllClose(actual: readonly number[], expected: readonly number[], relative: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], relative, `${what}[${i}]`);
}

// ------------------------------------------------------------------ CodeLens, panel

/** `vscode.executeCodeLensProvider`, retried while the TypeScript server is starting (it cancels early requests). */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    } catch (e) {
      if (attempt < 3 && /Canceled/i.test(String(e))) continue;
      throw e;
    }
  }
}

/** LR Lab's lenses (commands `lrlab.*`), in line order. */
export async function lrlabLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await codeLenses(uri)).filter((lens) => lens.command?.command.startsWith('lrlab.')).sort((a, b) => a.range.start.line - b.range.start.line);
}

/** The panel's tab (a webview of view type `lrlab.panel`), if open. */
export function panelTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('lrlab.panel'));
}

/** Closes the panel if it is open. */
export async function closePanel(api: LrLabApi): Promise<void> {
  const tab = panelTab();
  if (tab) await vscode.window.tabGroups.close(tab);
  await waitFor(() => !api.panel().open, 'the panel to close');
}
