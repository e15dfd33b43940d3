/**
 * What a handler of a page message may use: the rooms of the host, each through the small
 * surface the page needs. Handlers get it as an argument, never from a static, so a unit test
 * hands them fakes.
 */
import type { ControlValues, PanelContext, PausedRunMessage, StepAction } from '../../shared/protocol';
import type { ClearedRuns } from '../runs/clearedRuns';
import type { FinderRoom } from '../finder/finderRoom';
import type { LandscapeRoom } from '../landscape/landscapeRoom';
import type { RunExporter } from '../runs/export';
import type { RunSetRoom } from '../runSets/runSetRoom';
import type { SweepRoom } from '../sweep/sweepRoom';
import type { Playground } from '../runs/persistence';
import type { RunStore } from '../runs/runStore';
import type { RunCompletion, RunOptions, RunTarget } from '../runs/types';
import type { PanelSink } from './pages';

/** The editor side of the page's links. */
export interface EditorActions {
  /** Open the user's file at a 1-based line and column. */
  reveal(file: string, line: number, column?: number): Promise<void>;
  /** The page's "Insert schedule into editor" on a run. */
  insertSchedule(runId: string): Promise<void>;
  /** The page's "Insert optimizer into editor" on a run. */
  insertOptimizer(runId: string): Promise<void>;
}

export interface PanelRoom {
  readonly pages: PanelSink;
  readonly store: RunStore;
  readonly playground: Playground;
  readonly launcher: {
    run(target: RunTarget, controls: ControlValues, options?: RunOptions): Promise<RunCompletion>;
    stop(): number;
    /** Pause / Step / Resume a running run (all of them when runId is absent); how many it reached. */
    control(action: StepAction, runId?: string): number;
    /** The runs paused now, with the steps they are paused at. */
    paused(): PausedRunMessage[];
  };
  readonly archive: { schedulePersist(): void };
  /** The runs of the last Clear, for Undo. */
  readonly cleared: ClearedRuns;
  /** The status bar, which shows the last run until it is cleared. */
  readonly status: { forget(runIds: readonly string[]): void; restored(runIds: readonly string[]): void };
  readonly exporter: Pick<RunExporter, 'exportRuns' | 'savePng'>;
  readonly editor: EditorActions;
  /** The playground: the landscape, the lr finder, sweeps and run sets. */
  readonly landscape: Pick<LandscapeRoom, 'request'>;
  readonly finder: Pick<FinderRoom, 'find' | 'cancel' | 'state'>;
  readonly sweep: Pick<SweepRoom, 'sweep' | 'cancel' | 'setTargetLoss' | 'showCell' | 'state'>;
  readonly runSets: Pick<RunSetRoom, 'save' | 'open' | 'copyCommand'>;
  /** The page's context now (objective, its file's objectives, trust). */
  context(): PanelContext;
  /** Write controls as the `lrlab.*` defaults and say where they went. */
  saveDefaults(controls: ControlValues): Promise<void>;
}
