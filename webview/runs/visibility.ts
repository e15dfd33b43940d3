/**
 * Which runs the panel shows. Runs of different objectives do not share axes: the page shows
 * the runs of one objective at a time — the one the controls act on (the host's context,
 * which follows the active file), or another the user picks — or, on request, all of them,
 * with the objective named in each label. A run can also be hidden on its own (its checkbox).
 * Views, the run list and the exports all ask here.
 */
import type { ObjectiveRef, PanelContext } from '../../src/shared/protocol';
import type { ViewStateStore } from '../state';
import type { Run, RunsModel } from './runsModel';

/** The objective choice that shows every run. */
export const ALL_OBJECTIVES = '*';

/** An objective's identity: the file and the export. */
export function objectiveKey(ref: ObjectiveRef): string {
  return `${ref.file}#${ref.name}`;
}

export interface ObjectiveChoice {
  readonly key: string;
  readonly ref: ObjectiveRef;
  /** Runs of it in the model. */
  readonly runs: number;
}

export class RunVisibility {
  /** The context's objective (what Run acts on). */
  private contextObjective: ObjectiveRef | null = null;

  constructor(
    private readonly model: RunsModel,
    private readonly store: ViewStateStore,
  ) {}

  /** The host's context: a new objective there is shown (unless the user chose to see all). */
  setContext(context: PanelContext): boolean {
    const before = this.contextObjective ? objectiveKey(this.contextObjective) : null;
    this.contextObjective = context.objective;
    const after = context.objective ? objectiveKey(context.objective) : null;
    if (before === after) return false;
    if (this.store.current.objective !== ALL_OBJECTIVES && this.store.current.objective !== null) this.store.update((s) => (s.objective = null));
    return true;
  }

  /** The user picked an objective (or ALL_OBJECTIVES) in the run list's selector. */
  choose(key: string): void {
    const follow = this.contextObjective !== null && key === objectiveKey(this.contextObjective);
    this.store.update((s) => (s.objective = follow ? null : key));
  }

  /** The objective shown: the user's choice, else the context's, else the newest run's; ALL_OBJECTIVES, or null when there is nothing. */
  get shown(): string | null {
    const chosen = this.store.current.objective;
    if (chosen !== null) return chosen;
    if (this.contextObjective) return objectiveKey(this.contextObjective);
    const runs = this.model.list();
    const newest = runs[runs.length - 1];
    return newest ? objectiveKey(newest.meta.objective) : null;
  }

  /** Whether `run` belongs to what is shown (its own checkbox aside). */
  isShown(run: Run): boolean {
    const shown = this.shown;
    return shown === ALL_OBJECTIVES || shown === objectiveKey(run.meta.objective);
  }

  /** Whether `run` is drawn: shown, and not hidden by its checkbox. */
  isVisible(run: Run): boolean {
    return this.isShown(run) && !this.store.isHidden(run.meta.id);
  }

  /** The runs listed (shown), in the order they started. */
  listed(): Run[] {
    return this.model.list().filter((run) => this.isShown(run));
  }

  /** The runs drawn. */
  visible(): Run[] {
    return this.model.list().filter((run) => this.isVisible(run));
  }

  /** Whether the listed runs come from more than one objective (their labels then name it). */
  get mixesObjectives(): boolean {
    const keys = new Set(this.listed().map((run) => objectiveKey(run.meta.objective)));
    return keys.size > 1;
  }

  /** The label a run goes by on the page: the objective first when several are shown together. */
  label(run: Run): string {
    return this.mixesObjectives ? `${run.meta.objective.name} · ${run.meta.label}` : run.meta.label;
  }

  /** The objectives to choose from: the context's, then those with runs in the order they first ran. */
  choices(): ObjectiveChoice[] {
    const choices = new Map<string, { ref: ObjectiveRef; runs: number }>();
    if (this.contextObjective) choices.set(objectiveKey(this.contextObjective), { ref: this.contextObjective, runs: 0 });
    for (const run of this.model.list()) {
      const key = objectiveKey(run.meta.objective);
      const entry = choices.get(key) ?? { ref: run.meta.objective, runs: 0 };
      entry.runs++;
      choices.set(key, entry);
    }
    return [...choices].map(([key, { ref, runs }]) => ({ key, ref, runs }));
  }
}
