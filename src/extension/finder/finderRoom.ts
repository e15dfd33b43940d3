/**
 * The lr finder in the panel: fastai's range test (core/finder) on the playground's objective
 * with the panel's optimizer, in a worker (the loader's, with the run limits), streamed to the
 * pages as it runs; the last one is kept for a page that (re)loads. One at a time: a new one
 * stops the one before. Picking a suggestion sets the lr control (and runs, if asked).
 */
import * as l10n from '@vscode/l10n';
import { localizedDetail } from '../../shared/engineText';
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { thrownWords, type SerializedError } from '../../core/errors';
import { resolveFinderConfig, SmoothedLoss, type FinderConfig, type FinderResult } from '../../core/finder';
import { startFinder, type FinderHandle } from '../../core/loader';
import type { FinderResultMessage, FinderStateMessage, RawTypedConfig } from '../../shared/protocol';
import { Emitter } from '../events';
import type { PanelSink } from '../panel/pages';
import type { RunUi } from '../runs/RunLauncher';
import type { Logger } from '../runs/persistence';
import type { PrintSink } from '../recentLog';
import type { RunTarget } from '../runs/types';
import { settingsToLimits, type LrLabSettings } from '../settings';

export interface FinderRequest {
  readonly optimizer: RawTypedConfig;
  readonly startLr?: number;
  readonly endLr?: number;
  readonly numIt?: number;
}

export interface FinderRoomDeps {
  readonly pages: PanelSink;
  readonly ui: Pick<RunUi, 'isTrusted' | 'explainRestricted' | 'openText' | 'objectiveRef' | 'objectiveHasData' | 'showError'>;
  readonly diagnostics: { report(uri: vscode.Uri, errors: readonly SerializedError[]): void };
  readonly log: Pick<Logger, 'info'> & PrintSink;
  settings(): LrLabSettings;
  showPanel(): Promise<unknown>;
  /** The loader's startFinder (a fake in tests). */
  readonly start?: typeof startFinder;
}

/** How a request to find the lr ended. */
export type FinderCompletion = { readonly status: 'finished'; readonly result: FinderResult } | { readonly status: 'refused'; readonly reason: string };

/** The result as the page takes it (numbers that are not finite become null on the wire anyway). */
export function finderResultMessage(result: FinderResult): FinderResultMessage {
  return {
    config: result.config as unknown as FinderResultMessage['config'],
    lrs: result.lrs,
    losses: result.losses,
    smoothed: result.smoothed,
    stopReason: result.stopReason,
    detail: result.detail,
    ...(result.detailText ? { detailText: result.detailText } : {}),
    suggestions: { valley: result.suggestions.valley, steep: result.suggestions.steep, minimum: result.suggestions.minimum },
    ...(result.error ? { error: { code: result.error.code, message: result.error.message, ...(result.error.location ? { location: result.error.location } : {}), ...(result.error.text ? { text: result.error.text } : {}) } } : {}),
  };
}

export class FinderRoom implements vscode.Disposable {
  private current: { id: string; handle: FinderHandle } | null = null;
  private lastState: FinderStateMessage | null = null;
  private readonly finished = new Emitter<FinderCompletion>();
  /** Fires when a finder request ends (finished or refused). */
  readonly onDidFinish = this.finished.event;

  constructor(private readonly deps: FinderRoomDeps) {}

  /** The finder as a page shows it (the running one, or the last one's result). */
  get state(): FinderStateMessage | null {
    return this.lastState;
  }

  get isRunning(): boolean {
    return this.current !== null;
  }

  /** Run the range test on `target`. */
  async find(target: RunTarget, request: FinderRequest): Promise<FinderCompletion> {
    const { deps } = this;
    await deps.showPanel();
    if (!deps.ui.isTrusted()) {
      deps.ui.explainRestricted();
      return this.complete({ status: 'refused', reason: l10n.t('Restricted Mode: the lr finder runs your objective; trust the workspace to run it') });
    }
    const settings = deps.settings();
    let config: FinderConfig;
    try {
      const { lr: _ignored, ...optimizer } = request.optimizer;
      config = resolveFinderConfig({
        optimizer,
        ...(request.startLr !== undefined ? { startLr: request.startLr } : {}),
        ...(request.endLr !== undefined ? { endLr: request.endLr } : {}),
        ...(request.numIt !== undefined ? { numIt: request.numIt } : {}),
        seed: settings.seed,
        gradient: settings.gradient,
      });
    } catch (e) {
      const reason = l10n.t('Find lr: {0}', thrownWords(e));
      deps.pages.post({ type: 'error', message: reason });
      return this.complete({ status: 'refused', reason });
    }
    this.cancel();
    const id = randomUUID();
    const objective = deps.ui.objectiveRef(target);
    const state: FinderStateMessage = { finderId: id, objective, config: config as unknown as FinderStateMessage['config'], lrs: [], losses: [], smoothed: [], result: null };
    const smoothing = new SmoothedLoss(config.smoothing);
    this.lastState = state;
    deps.pages.post({ type: 'finderStarted', finder: state });
    const handle = (deps.start ?? startFinder)(
      { file: target.uri.fsPath, objective: target.objective, config, limits: settingsToLimits(settings), ...sourceOf(deps.ui.openText(target)) },
      {
        onBatch: (batch) => {
          const lrs: number[] = [];
          const losses: number[] = [];
          const smoothed: number[] = [];
          for (let i = 0; i < batch.count; i++) {
            lrs.push(batch.lr[i]!);
            losses.push(batch.loss[i]!);
            smoothed.push(smoothing.add(batch.loss[i]!));
          }
          state.lrs.push(...lrs);
          state.losses.push(...losses);
          state.smoothed.push(...smoothed);
          deps.pages.post({ type: 'finderData', finderId: id, firstStep: batch.firstStep, lrs, losses, smoothed });
        },
        onOutput: (text) => deps.log.print(`${target.objective} · lr finder`, text),
      },
    );
    this.current = { id, handle };
    const { result } = await handle.done;
    if (this.current?.id === id) this.current = null;
    const message = finderResultMessage(result);
    state.result = message;
    deps.pages.post({ type: 'finderFinished', finderId: id, result: message });
    deps.log.info(`${target.objective} · lr finder: ${result.stopReason} after ${result.lrs.length} steps — ${result.detail}`);
    if (result.error) {
      if (result.error.location || result.error.code === 'compileError') deps.diagnostics.report(target.uri, [result.error]);
      if (result.stopReason === 'error') deps.ui.showError(`LR Lab: ${localizedDetail(result.error.message, result.error.text)}`);
    }
    return this.complete({ status: 'finished', result });
  }

  /** Stop the running finder (after its step under way, see RunHandle.cancel); its steps so far stay as its result. */
  cancel(): boolean {
    const running = this.current;
    this.current = null;
    running?.handle.cancel();
    return running !== null;
  }

  dispose(): void {
    this.cancel();
    this.finished.dispose();
  }

  private complete(completion: FinderCompletion): FinderCompletion {
    this.finished.fire(completion);
    return completion;
  }
}

function sourceOf(text: string | undefined): { source?: string } {
  return text !== undefined ? { source: text } : {};
}
