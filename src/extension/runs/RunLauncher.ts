/**
 * Starts, streams, finishes and stops runs: settings + controls → a resolved run config, the
 * run in a worker (core loader) with the editor's current text, its batches into the store
 * and every page, progress while it runs, and at the end the outcome in the store, the pages,
 * the status bar and the diagnostics. No `vscode` at run time: the workbench's side comes in
 * through `RunUi` (workbench.ts), so unit tests drive it with fakes.
 */
import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256 } from '../../core/runSet/objectiveFile';
import type * as vscode from 'vscode';
import { thrownWords, type SerializedError } from '../../core/errors';
import { startRun, type GradientFallback, type RunHandle, type RunHeader } from '../../core/loader';
import { startTypecheck, type TypeProblem } from '../../core/loader/typecheck';
import { resolveRunConfig, type RunConfig } from '../../core/minimize/config';
import type { RunOutcome } from '../../core/minimize/records';
import type { StepInspection } from '../../core/minimize/stepGate';
import type { ControlValues, ObjectiveRef, PausedRunMessage, RunMeta, RunOutcomeMessage, StepAction, StepInspectionMessage } from '../../shared/protocol';
import { runNumbers } from '../../shared/runSummary';
import { Emitter } from '../events';
import { restrictedNotice } from '../panel/context';
import type { PanelSink } from '../panel/pages';
import { controlsToRawRunConfig, settingsToLimits, type LrLabSettings } from '../settings';
import type { StatusSummary } from './statusSummary';
import { labelOf, runIdentity } from './label';
import type { Logger, Playground } from './persistence';
import type { PrintSink } from '../recentLog';
import { batchToChunk, lastPointOf, type RunStore } from './runStore';
import type { RunCompletion, RunOptions, RunTarget } from './types';
import { localizedDetail } from '../../shared/engineText';

/** The workbench as a run needs it. */
export interface RunUi {
  isTrusted(): boolean;
  /** Say why nothing runs in Restricted Mode (with a way to change it). */
  explainRestricted(): void;
  /** The text of the target's file when an editor has it open (unsaved edits count). */
  openText(target: RunTarget): string | undefined;
  /** The objective as the page names it (workspace-relative label). */
  objectiveRef(target: RunTarget): ObjectiveRef;
  /** Whether the objective has data (mini-batch form, found statically): only then does the controls' batch size apply. */
  objectiveHasData(target: RunTarget): boolean;
  /** Where an error is, for a message: "src/f.ts:3". */
  describeLocation(location: { file: string; line: number }): string;
  showError(message: string): void;
  /** Show `title` with a Cancel button while `work` runs; `report(fraction, message)` moves it on. */
  withProgress<T>(title: string, onCancel: () => void, work: (report: (fraction: number, message: string) => void) => Promise<T>): Promise<T>;
}

export interface RunLauncherDeps {
  readonly store: RunStore;
  readonly pages: PanelSink;
  readonly playground: Playground;
  readonly archive: { schedulePersist(): void };
  readonly ui: RunUi;
  readonly diagnostics: { report(uri: vscode.Uri, errors: readonly SerializedError[]): void };
  readonly statusBar: { running(objective: string): void; finished(summary: StatusSummary): void };
  /** The output channel: lines of LR Lab's own, and what the objective prints. */
  readonly log: Logger & PrintSink;
  settings(): LrLabSettings;
  /** Reveal the pages (opening the editor panel when none is open). */
  showPanel(): Promise<unknown>;
  /** The objective or trust changed: tell the pages. */
  postContext(): void;
  /** The loader's startRun (a fake in tests). */
  readonly start?: typeof startRun;
  /** The type checker (core/loader/typecheck's, in a worker thread; a fake in tests). */
  readonly typecheck?: (file: string, options: { source?: string; locale?: string }) => Promise<TypeProblem[]>;
  /** VS Code's display language: TypeScript's messages in it, as VS Code's own TypeScript shows them. */
  readonly locale?: string;
}

/** A run's outcome as the pages take it. */
export function toOutcomeMessage(o: RunOutcome): RunOutcomeMessage {
  return {
    stopReason: o.stopReason,
    detail: o.detail,
    ...(o.detailText ? { detailText: o.detailText } : {}),
    steps: o.steps,
    ...(o.evaluations !== undefined ? { evaluations: o.evaluations } : {}),
    finalLoss: Number.isFinite(o.finalLoss) ? o.finalLoss : null,
    bestLoss: Number.isFinite(o.bestLoss) ? o.bestLoss : null,
    wallTimeMs: o.wallTimeMs,
    ...(o.error ? { error: { code: o.error.code, message: o.error.message, ...(o.error.location ? { location: o.error.location } : {}), ...(o.error.text ? { text: o.error.text } : {}) } } : {}),
  };
}

/** A run as it would start: its config and label (`repeats`: identical runs already there), or why it cannot. */
export type RunPlan = { ok: true; config: RunConfig; label: string; repeats: number } | { ok: false; reason: string };

/** The SHA-256 of the text a run runs on (the editor's, else the file's); undefined when the file cannot be read. */
function sourceHashOf(file: string, source: string | undefined): { sourceSha256: string } | undefined {
  try {
    return { sourceSha256: sha256(source ?? readFileSync(file)) };
  } catch {
    return undefined;
  }
}

export class RunLauncher implements vscode.Disposable {
  private readonly active = new Map<string, RunHandle>();
  /** Runs paused now (stepping through), with the step each is paused at. */
  private readonly pausedAt = new Map<string, StepInspectionMessage>();
  private readonly finished = new Emitter<RunCompletion>();
  private lastRequest: { target: RunTarget; controls: ControlValues } | undefined;
  private last: RunCompletion | undefined;
  /** Fires after every run request has ended (finished or refused). */
  readonly onDidFinishRun = this.finished.event;

  constructor(private readonly deps: RunLauncherDeps) {}

  get lastResult(): RunCompletion | undefined {
    return this.last;
  }

  get isRunning(): boolean {
    return this.active.size > 0;
  }

  /** Run an objective with the given (or the playground's) controls. */
  async run(target: RunTarget, controls: ControlValues = this.deps.playground.controls, options: RunOptions = {}): Promise<RunCompletion> {
    const { deps } = this;
    deps.playground.setTarget(target);
    this.lastRequest = { target, controls };
    const showPanel = options.showPanel ?? true;
    if (!deps.ui.isTrusted()) {
      if (showPanel) await deps.showPanel();
      deps.postContext();
      deps.ui.explainRestricted();
      return this.complete({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: restrictedNotice() });
    }
    const settings = deps.settings();
    const planned = this.plan(target, controls);
    if (!planned.ok) {
      const message = planned.reason;
      if (showPanel) await deps.showPanel();
      deps.pages.post({ type: 'error', message: l10n.t('Invalid run settings: {0}', message) });
      deps.ui.showError(`LR Lab: ${message}`);
      return this.complete({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: message });
    }
    const { config } = planned;
    if (controls !== deps.playground.controls && options.adoptControls !== false) deps.playground.setControls(controls);
    if (showPanel) await deps.showPanel();
    deps.postContext();
    const typeErrors = settings.typeCheck === 'off' ? null : this.typecheck(target);
    if (settings.typeCheck === 'strict' && typeErrors !== null) {
      const problems = await typeErrors;
      if (problems.length > 0) {
        const reason =
          problems.length === 1
            ? l10n.t('1 TypeScript error in {0}: lrlab.typeCheck is strict, so it does not run', deps.ui.objectiveRef(target).label)
            : l10n.t('{0} TypeScript errors in {1}: lrlab.typeCheck is strict, so it does not run', problems.length, deps.ui.objectiveRef(target).label);
        deps.ui.showError(`LR Lab: ${reason}`);
        return this.complete({ status: 'refused', runId: null, target, meta: null, outcome: null, reason });
      }
    }
    return this.launch(target, config, settings, options.progress !== false, typeErrors, options.stepThrough === true);
  }

  /**
   * The file's TypeScript errors, checked in a worker thread beside the run; the pages get them
   * when they are known (an empty list clears the last ones). A checker that cannot run is
   * logged, not a failed run.
   */
  private typecheck(target: RunTarget): Promise<TypeProblem[]> {
    const { deps } = this;
    const file = target.uri.fsPath;
    const source = deps.ui.openText(target);
    const strict = deps.settings().typeCheck === 'strict';
    return (deps.typecheck ?? startTypecheck)(file, { ...(source !== undefined ? { source } : {}), ...(deps.locale !== undefined ? { locale: deps.locale } : {}) }).then(
      (problems) => {
        deps.pages.post({ type: 'typeCheck', file, label: deps.ui.objectiveRef(target).label, problems: problems.map((p) => ({ code: p.code, message: p.message, location: p.location })), strict });
        return problems;
      },
      (e: unknown) => {
        deps.log.error(`could not type-check ${file}: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      },
    );
  }

  /**
   * What a run of `target` with `controls` would be — the resolved config and the label it
   * would get — or why it cannot run. The CodeLens shows it before anything runs.
   */
  plan(target: RunTarget, controls: ControlValues = this.deps.playground.controls): RunPlan {
    const { deps } = this;
    let config: RunConfig;
    try {
      config = resolveRunConfig(controlsToRawRunConfig(controls, deps.settings(), deps.ui.objectiveHasData(target)));
    } catch (e) {
      return { ok: false, reason: thrownWords(e) };
    }
    const identity = runIdentity(deps.ui.objectiveRef(target), config);
    // A repeat of a config already run on this objective is told apart by "#2", "#3", …
    const repeats = deps.store.list().filter((run) => runIdentity(run.meta.objective, run.meta.config) === identity).length;
    return { ok: true, config, label: labelOf(config, repeats), repeats };
  }

  /**
   * Run `config` exactly as given (a saved run of a run set): the controls are not read or
   * changed; refused like `run` in Restricted Mode.
   */
  async runConfig(target: RunTarget, config: RunConfig, options: RunOptions = {}): Promise<RunCompletion> {
    const { deps } = this;
    const showPanel = options.showPanel ?? true;
    if (showPanel) await deps.showPanel();
    if (!deps.ui.isTrusted()) {
      deps.postContext();
      deps.ui.explainRestricted();
      return this.complete({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: restrictedNotice() });
    }
    return this.launch(target, config, deps.settings(), options.progress !== false, null);
  }

  /** Run the last request again (re-reading the file). */
  async runAgain(): Promise<RunCompletion | undefined> {
    if (!this.lastRequest) return undefined;
    return this.run(this.lastRequest.target, this.lastRequest.controls);
  }

  /** Stop one run (after its step under way, see RunHandle.cancel); false when it is not running. */
  stopRun(runId: string): boolean {
    const handle = this.active.get(runId);
    handle?.cancel();
    return handle !== undefined;
  }

  /**
   * Pause a running run after the step under way, take one step of a paused one, or let it run
   * on (every running run when `runId` is absent); how many runs it reached. A paused run's
   * inspection reaches the pages as `runPaused`; Resume tells them `runResumed`.
   */
  control(action: StepAction, runId?: string): number {
    const handles = runId === undefined ? [...this.active] : this.active.has(runId) ? [[runId, this.active.get(runId)!] as const] : [];
    for (const [id, handle] of handles) {
      if (action === 'pause') handle.pause();
      else if (action === 'step') {
        if (!this.pausedAt.delete(id)) continue;
        handle.step();
      } else {
        this.pausedAt.delete(id);
        handle.resume();
        this.deps.pages.post({ type: 'runResumed', runId: id });
      }
    }
    return handles.length;
  }

  /** The runs paused now, each with the step it is paused at (for a page that loads while they are). */
  paused(): PausedRunMessage[] {
    return [...this.pausedAt].map(([runId, inspection]) => ({ runId, inspection }));
  }

  /** Stop every running run (each after its step under way, see RunHandle.cancel); how many there were. */
  stop(): number {
    const n = this.active.size;
    for (const handle of this.active.values()) handle.cancel();
    return n;
  }

  dispose(): void {
    this.stop();
    this.finished.dispose();
  }

  private async launch(target: RunTarget, config: RunConfig, settings: LrLabSettings, withProgress: boolean, typeErrors: Promise<TypeProblem[]> | null, stepThrough = false): Promise<RunCompletion> {
    const { deps } = this;
    const runId = randomUUID();
    const objective = deps.ui.objectiveRef(target);
    const identity = runIdentity(objective, config);
    const repeats = deps.store.list().filter((run) => runIdentity(run.meta.objective, run.meta.config) === identity).length;
    const label = labelOf(config, repeats);
    const source = deps.ui.openText(target);
    let meta: RunMeta | null = null;
    let steps = 0;
    let reportProgress: (steps: number) => void = () => undefined;
    const onHeader = (header: RunHeader): void => {
      meta = {
        id: runId,
        label,
        colorIndex: deps.store.takeColorIndex(),
        objective,
        config: { ...config } as unknown as RunMeta['config'],
        gradient: header.gradient,
        ...(header.gradientReason ? { gradientReason: header.gradientReason } : {}),
        ...(header.gradientReasonText ? { gradientReasonText: header.gradientReasonText } : {}),
        ...(header.gradientLocation ? { gradientLocation: header.gradientLocation } : {}),
        dim: header.objective.dim ?? header.x0.length,
        startedAt: Date.now(),
        info: {
          form: header.objective.form,
          hasGradient: header.objective.hasGradient,
          stochastic: header.objective.stochastic,
          hasMetrics: header.objective.hasMetrics,
          ...(header.objective.line !== undefined ? { line: header.objective.line } : {}),
          ...(header.objective.dataItems !== undefined ? { dataItems: header.objective.dataItems } : {}),
          ...(header.objective.batchSize !== undefined ? { batchSize: header.objective.batchSize } : {}),
          x0: header.x0,
        },
      };
      deps.store.add(meta, { recordParams: config.recordParams, x0: header.x0, ...(sourceHashOf(target.uri.fsPath, source) ?? {}) });
      deps.pages.post({ type: 'runStarted', run: meta });
      deps.log.info(`${target.objective} · ${label}: ${gradientWords(header, (l) => deps.ui.describeLocation(l))}`);
    };
    const onGradientFallback = (fallback: GradientFallback): void => {
      if (!meta) return;
      const message = { step: fallback.step, reason: fallback.reason, ...(fallback.reasonText ? { reasonText: fallback.reasonText } : {}), ...(fallback.location ? { location: fallback.location } : {}) };
      deps.store.gradientFallback(runId, message);
      deps.pages.post({ type: 'runGradient', runId, fallback: message });
      const where = fallback.location ? ` (${deps.ui.describeLocation(fallback.location)})` : '';
      deps.log.info(`${target.objective} · ${label}: from step ${fallback.step} on, central differences instead of the exact gradient: ${fallback.reason}${where}`);
    };
    deps.statusBar.running(target.objective);
    let handle: RunHandle;
    try {
      handle = (deps.start ?? startRun)(
        // Every run can be paused from the panel; a step-through run starts paused before its first step.
        { file: target.uri.fsPath, objective: target.objective, config, limits: settingsToLimits(settings), source, stepping: stepThrough ? 'paused' : 'running' },
        {
          onHeader,
          onPaused: (inspection) => {
            if (!meta) return;
            const message = inspectionMessage(inspection);
            this.pausedAt.set(runId, message);
            deps.pages.post({ type: 'runPaused', runId, inspection: message });
          },
          onGradientFallback,
          // What the objective prints goes to the LR Lab output channel.
          onOutput: (text) => deps.log.print(target.objective, text),
          onBatch: (batch) => {
            if (!meta) return;
            deps.store.append(runId, batch);
            deps.pages.postRunData(runId, batchToChunk(batch));
            steps += batch.count;
            reportProgress(steps);
          },
        },
      );
    } catch (e) {
      deps.log.error(`could not start a run: ${String(e)}`);
      throw e;
    }
    this.active.set(runId, handle);
    const outcome = withProgress
      ? await deps.ui.withProgress(`LR Lab: ${l10n.t('{0} on {1}', label, target.objective)}`, () => handle.cancel(), (report) => {
          reportProgress = (n) => report(Math.min(1, n / config.iterations), l10n.t('step {0} / {1}', n, config.iterations));
          return handle.done;
        })
      : await handle.done;
    this.active.delete(runId);
    this.pausedAt.delete(runId);
    // The type check runs beside the run; a run's completion waits for its warnings to be shown.
    if (typeErrors !== null) await typeErrors;
    return this.finish(target, runId, meta, label, outcome);
  }

  private finish(target: RunTarget, runId: string, meta: RunMeta | null, label: string, outcome: RunOutcome): RunCompletion {
    const { deps } = this;
    const message = toOutcomeMessage(outcome);
    if (meta) {
      deps.store.finish(runId, message, outcome.finalAveragedParams ?? null);
      deps.pages.post({ type: 'runFinished', runId, outcome: message });
      deps.archive.schedulePersist();
    } else if (outcome.error) {
      // The run never started (compile error, missing objective, …): say so in the panel.
      deps.pages.post({ type: 'error', message: localizedDetail(outcome.error.message, outcome.error.text), ...(outcome.error.location ? { location: outcome.error.location } : {}) });
    }
    const errors = outcome.error ? [...((outcome as { errors?: SerializedError[] }).errors ?? [outcome.error])] : [];
    deps.diagnostics.report(target.uri, errors.filter((e) => e.location || e.code === 'compileError'));
    const numbers = runNumbers(message, meta ? lastPointOf(deps.store.get(runId)) : null);
    deps.statusBar.finished({ runId: meta ? runId : null, label, objective: target.objective, stopReason: outcome.stopReason, detail: localizedDetail(outcome.detail, outcome.detailText, outcome.error), numbers, steps: outcome.steps });
    deps.log.info(`${target.objective} · ${label}: ${outcome.stopReason} after ${outcome.steps} steps — ${outcome.detail}`);
    if (outcome.stopReason === 'error' && outcome.error) {
      const where = outcome.error.location ? ` (${deps.ui.describeLocation(outcome.error.location)})` : '';
      deps.ui.showError(`LR Lab: ${localizedDetail(outcome.error.message, outcome.error.text)}${where}`);
    }
    return this.complete({ status: 'finished', runId: meta ? runId : null, target, meta, outcome });
  }

  private complete(c: RunCompletion): RunCompletion {
    this.last = c;
    this.finished.fire(c);
    return c;
  }
}

/** A step inspection as the pages take it (typed arrays as lists). */
export function inspectionMessage(i: StepInspection): StepInspectionMessage {
  const list = (a: Float64Array | null): number[] | null => (a === null ? null : Array.from(a));
  return {
    step: i.step,
    dim: i.dim,
    shown: i.shown,
    optimizer: i.optimizer,
    lr: i.lr,
    loss: i.loss,
    gradNorm: i.gradNorm,
    params: Array.from(i.params),
    previous: list(i.previous),
    grad: list(i.grad),
    delta: list(i.delta),
    state: i.state.map((b) => ({ name: b.name, values: Array.from(b.values) })),
    scalars: i.scalars.map((s) => ({ name: s.name, value: s.value })),
    otherBuffers: i.otherBuffers.map((b) => ({ name: b.name, length: b.length })),
    stepSize: i.stepSize === null ? null : { kind: i.stepSize.kind, values: Array.from(i.stepSize.values) },
  };
}

/** The run's gradient source in words, for the output channel: which, and why not exact. */
export function gradientWords(header: Pick<RunHeader, 'gradient' | 'gradientReason' | 'gradientLocation'>, describe: (location: NonNullable<RunHeader['gradientLocation']>) => string): string {
  if (header.gradient === 'user') return 'gradient: its own grad';
  if (header.gradient === 'exact') return 'gradient: exact (recorded from the code)';
  if (!header.gradientReason) return 'gradient: central differences (lrlab.gradient is numeric)';
  const where = header.gradientLocation ? `${describe(header.gradientLocation)}: ` : '';
  return `gradient: central differences, not exact — ${where}${header.gradientReason}`;
}
