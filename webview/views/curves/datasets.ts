/**
 * What a chart card draws, built from the runs model: one dataset per visible run that has
 * the card's series, then the schedule previews (live and pinned) on the card that shows them. Datasets
 * are stable objects per (card, run), so chart.js keeps their state; before every update the
 * run's whole point array is assigned to `dataset.data` (with decimation on, the setter stores
 * it and the getter returns the decimated copy). With smoothing on, noisy series (loss,
 * gradient norm, metrics — not the lr, not the loss on all the data) are drawn smoothed over
 * their raw values in pale; on the epoch axis every series is drawn against step ÷ steps per
 * epoch (./derivedSeries.ts).
 */
import * as l10n from '@vscode/l10n';
import { divergedText } from '../../../src/shared/runSummary';
import { FULL_LOSS, type Point, type Run } from '../../runs/runsModel';
import type { RunVisibility } from '../../runs/visibility';
import { runColor, runDash, withAlpha, type Theme } from '../../theme';
import type { CardData, ChartCard, LineDataset } from './chartCard';
import { stepsPerEpoch, type DerivedSeries, type XAxis } from './derivedSeries';
import type { Marker } from './markers';
import { datasetsOf } from './previewDatasets';
import type { SchedulePreview } from './schedulePreview';


/** The legend label of a mini-batch run's two loss series. */
export const BATCH_LOSS_SUFFIX = ` · ${l10n.t('batch')}`;
export const FULL_LOSS_SUFFIX = ` · ${l10n.t('all data')}`;
export const RAW_SUFFIX = ` · ${l10n.t('raw')}`;

/** How the cards draw the runs: the smoothing weight (0: off) and the x axis. */
export interface CurvesView {
  readonly smoothing: number;
  readonly xAxis: XAxis;
}

/** Series the smoothing slider smooths: the noisy ones (the lr is set, not measured). */
const SMOOTHED_SERIES = (key: string): boolean => key !== 'lr';

/** x units of a run on `axis`: 1 step, or its steps per epoch (1 when not known). */
function stepsPerUnit(run: Run, axis: XAxis): number {
  return axis === 'epoch' ? (stepsPerEpoch(run.meta) ?? 1) : 1;
}

/** The learning rate does not explode with the loss: its chart keeps every point in range. */
const TAIL_FREE_SERIES = new Set(['lr']);

/**
 * A run's dataset on `card`. `part` 'batch' is a mini-batch run's batch loss (thin and pale: it
 * is noisy), 'full' its loss on all the data (solid, with a point at each evaluation).
 */
function runDataset(card: ChartCard, run: Run, label: string, points: Point[], theme: Theme, part: Part = 'plain', raw = false): LineDataset {
  const id = datasetId(run, part, raw);
  let ds = card.datasets.get(id);
  if (!ds) {
    ds = { label, data: points, pointRadius: 0 };
    card.datasets.set(id, ds);
  }
  const color = runColor(theme, run.meta.colorIndex);
  const pale = (part === 'batch' || raw) && !theme.highContrast;
  const line = pale ? withAlpha(color, raw ? 0.25 : 0.45) : color;
  ds.label = label + (part === 'batch' ? BATCH_LOSS_SUFFIX : part === 'full' ? FULL_LOSS_SUFFIX : '') + (raw ? RAW_SUFFIX : '');
  // A diverged run's tail is drawn (it leaves the plot area) but does not set the y range.
  if (run.tailFrom !== null && !TAIL_FREE_SERIES.has(card.key)) ds.rangeEnd = run.tailFrom;
  else delete ds.rangeEnd;
  ds.borderColor = line;
  ds.backgroundColor = color;
  ds.borderWidth = part === 'batch' || raw ? Math.max(1, theme.lineWidth - 0.5) : part === 'full' ? theme.lineWidth + 0.5 : theme.lineWidth;
  ds.borderDash = runDash(theme, run.meta.colorIndex);
  ds.pointRadius = part === 'full' ? 2 : 0;
  ds.pointHoverBackgroundColor = color;
  ds.pointHoverBorderColor = theme.background;
  ds.data = points;
  return ds;
}

type Part = 'plain' | 'batch' | 'full';

function datasetId(run: Run, part: Part, raw: boolean): string {
  return (part === 'full' ? `${run.meta.id}:${FULL_LOSS}` : run.meta.id) + (raw ? ':raw' : '');
}

/** The datasets of `card` for the visible runs (and the previews); forgets those of runs that are not drawn. */
export function cardData(card: ChartCard, visibility: RunVisibility, theme: Theme, previews: readonly SchedulePreview[], view: CurvesView, derived: DerivedSeries): CardData {
  const datasets: LineDataset[] = [];
  const labels: string[] = [];
  const markers: Marker[] = [];
  let totalPoints = 0;
  let runs = 0;
  const drawn = new Set<string>();
  const smoothing = SMOOTHED_SERIES(card.key) ? view.smoothing : 0;
  /** Push `source` of `run` as drawn: its raw values pale under the smoothed ones when smoothing is on. */
  const push = (run: Run, label: string, source: Point[], part: Part): Point[] => {
    const unit = stepsPerUnit(run, view.xAxis);
    const smooth = part === 'full' ? 0 : smoothing;
    if (smooth > 0) {
      const rawId = datasetId(run, part, true);
      drawn.add(rawId);
      const raw = runDataset(card, run, label, derived.get(`${card.key}|${rawId}`, source, { smoothing: 0, stepsPerUnit: unit }), theme, part, true);
      datasets.push(raw);
      labels.push(raw.label!);
    }
    const id = datasetId(run, part, false);
    drawn.add(id);
    const points = derived.get(`${card.key}|${id}`, source, { smoothing: smooth, stepsPerUnit: unit });
    const ds = runDataset(card, run, label, points, theme, part);
    datasets.push(ds);
    labels.push(ds.label!);
    totalPoints += source.length;
    return points;
  };
  for (const run of visibility.visible()) {
    const source = run.series.get(card.key);
    if (!source) continue;
    const label = visibility.label(run);
    // Mini-batch runs draw two losses on the loss card: each batch's, and the one on all the data.
    const full = card.key === 'loss' ? run.series.get(FULL_LOSS) : undefined;
    const points = push(run, label, source, full ? 'batch' : 'plain');
    runs++;
    if (full) push(run, label, full, 'full');
    const last = source[source.length - 1];
    if (run.outcome?.stopReason === 'diverged' && last) {
      const end = points[points.length - 1]!;
      markers.push({ runId: run.meta.id, step: end.x, value: end.y, color: runColor(theme, run.meta.colorIndex), label: card.key === 'loss' ? divergedText(last.x) : null });
    }
  }
  for (const id of card.datasets.keys()) if (!drawn.has(id)) card.datasets.delete(id);
  derived.retain(new Set([...drawn].map((id) => `${card.key}|${id}`)), card.key);
  const runDatasets = datasets.length;
  // Previews are lrs per step: on the epoch axis they stay in the preview's own chart.
  if (card.showsPreview && view.xAxis === 'step') {
    const shown = datasetsOf(card.previewDatasets, previews, theme);
    datasets.push(...shown.datasets);
    labels.push(...shown.labels);
  }
  return { datasets, labels, runDatasets, runs, totalPoints, markers };
}

/**
 * Where the step axis should reach: the last step of finished runs, the planned iterations
 * of running ones (so a streaming curve grows into a fixed frame instead of rescaling).
 */
export function stepAxisEnd(visibility: RunVisibility, previews: readonly SchedulePreview[], xAxis: XAxis = 'step'): number | undefined {
  let end = xAxis === 'step' ? Math.max(0, ...previews.map((p) => p.points[p.points.length - 1]?.x ?? 0)) : 0;
  for (const run of visibility.visible()) {
    const planned = run.meta.config.iterations;
    end = Math.max(end, (run.outcome === null && typeof planned === 'number' ? planned : run.lastStep) / stepsPerUnit(run, xAxis));
  }
  return end > 0 ? end : undefined;
}
