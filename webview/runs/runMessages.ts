/**
 * Keeps the runs model in step with the host: the snapshot in `init`, then `runStarted`,
 * `runData`, `runGradient`, `runFinished`, `runsCleared` and `runsRestored` (Undo). What changed goes to `events`; the page passes it
 * on to the views and asks for a redraw.
 */
import type { MessageRouter, Unregister } from '../router';
import type { ViewStateStore } from '../state';
import type { RunsModel, SeriesKey } from './runsModel';

export interface RunsEvents {
  /** Series changed: `keys`, or all when undefined. `redraw`: draw them at the next frame. */
  changed(keys: readonly SeriesKey[] | undefined, redraw: boolean): void;
  /** A run started: show it in the run list and enable Stop now, before any of its points. */
  started(): void;
  /** Runs were cleared (`undoable`: the host keeps them for Undo), or came back. */
  cleared(runIds: readonly string[], undoable: boolean): void;
  restored(): void;
}

export function keepRuns(router: MessageRouter, model: RunsModel, store: ViewStateStore, events: RunsEvents): Unregister[] {
  /** Hidden runs that no longer exist leave the view state. */
  const forgetHidden = (): void => {
    const ids = new Set(model.list().map((r) => r.meta.id));
    if (store.current.hiddenRuns.some((id) => !ids.has(id))) store.update((s) => (s.hiddenRuns = s.hiddenRuns.filter((id) => ids.has(id))));
  };
  return [
    router.on('init', (message) => {
      model.reset(message.runs);
      forgetHidden();
      events.changed(undefined, true);
    }),
    router.on('runStarted', (message) => {
      model.start(message.run);
      // The charts with the run's first points, so that their redraw does not wait out a
      // refresh interval started by a redraw of nothing new.
      events.changed(undefined, false);
      events.started();
    }),
    router.on('runData', (message) => {
      const changed = model.append(message.runId, message.chunk);
      if (changed === null) console.warn(`LR Lab: data for unknown run ${message.runId}`);
      else if (changed.length) events.changed(changed, true);
    }),
    router.on('runGradient', (message) => {
      if (!model.gradientFallback(message.runId, message.fallback)) console.warn(`LR Lab: gradient fallback of unknown run ${message.runId}`);
      events.changed(undefined, true); // the run's row says from which step and why
    }),
    router.on('runFinished', (message) => {
      if (!model.finish(message.runId, message.outcome)) console.warn(`LR Lab: finish of unknown run ${message.runId}`);
      events.changed(undefined, true); // the step axis now ends at the run's last step
    }),
    router.on('runsCleared', (message) => {
      model.remove(message.runIds);
      forgetHidden();
      events.changed(undefined, true);
      events.cleared(message.runIds, message.undoable === true);
    }),
    router.on('runsRestored', (message) => {
      model.restore(message.runs);
      events.changed(undefined, true);
      events.restored();
    }),
  ];
}
