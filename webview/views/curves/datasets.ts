/**
 * What a chart card draws, built from the runs model: one dataset per visible run that has
 * the card's series, then the schedule previews (live and pinned) on the card that shows them. Datasets
 * are stable objects per (card, run), so chart.js keeps their state; before every update the
 * run's whole point array is assigned to `dataset.data` (with decimation on, the setter stores
 * it and the getter returns the decimated copy).
 */
import { divergedText } from '../../../src/shared/runSummary';
import { FULL_LOSS, type Point, type Run } from '../../runs/runsModel';
import type { RunVisibility } from '../../runs/visibility';
import { runColor, runDash, withAlpha, type Theme } from '../../theme';
import type { CardData, ChartCard, LineDataset } from './chartCard';
import type { Marker } from './markers';
import { datasetsOf } from './previewDatasets';
import type { SchedulePreview } from './schedulePreview';


/** The legend label of a mini-batch run's two loss series. */
export const BATCH_LOSS_SUFFIX = ' · batch';
export const FULL_LOSS_SUFFIX = ' · all data';

/** The learning rate does not explode with the loss: its chart keeps every point in range. */
const TAIL_FREE_SERIES = new Set(['lr']);

/**
 * A run's dataset on `card`. `part` 'batch' is a mini-batch run's batch loss (thin and pale: it
 * is noisy), 'full' its loss on all the data (solid, with a point at each evaluation).
 */
function runDataset(card: ChartCard, run: Run, label: string, points: Point[], theme: Theme, part: 'plain' | 'batch' | 'full' = 'plain'): LineDataset {
  const id = part === 'full' ? `${run.meta.id}:${FULL_LOSS}` : run.meta.id;
  let ds = card.datasets.get(id);
  if (!ds) {
    ds = { label, data: points, pointRadius: 0 };
    card.datasets.set(id, ds);
  }
  const color = runColor(theme, run.meta.colorIndex);
  const line = part === 'batch' && !theme.highContrast ? withAlpha(color, 0.45) : color;
  ds.label = label + (part === 'batch' ? BATCH_LOSS_SUFFIX : part === 'full' ? FULL_LOSS_SUFFIX : '');
  // A diverged run's tail is drawn (it leaves the plot area) but does not set the y range.
  if (run.tailFrom !== null && !TAIL_FREE_SERIES.has(card.key)) ds.rangeEnd = run.tailFrom;
  else delete ds.rangeEnd;
  ds.borderColor = line;
  ds.backgroundColor = color;
  ds.borderWidth = part === 'batch' ? Math.max(1, theme.lineWidth - 0.5) : part === 'full' ? theme.lineWidth + 0.5 : theme.lineWidth;
  ds.borderDash = runDash(theme, run.meta.colorIndex);
  ds.pointRadius = part === 'full' ? 2 : 0;
  ds.pointHoverBackgroundColor = color;
  ds.pointHoverBorderColor = theme.background;
  ds.data = points;
  return ds;
}

/** The datasets of `card` for the visible runs (and the previews); forgets those of runs that are not drawn. */
export function cardData(card: ChartCard, visibility: RunVisibility, theme: Theme, previews: readonly SchedulePreview[]): CardData {
  const datasets: LineDataset[] = [];
  const labels: string[] = [];
  const markers: Marker[] = [];
  let totalPoints = 0;
  let runs = 0;
  const drawn = new Set<string>();
  for (const run of visibility.visible()) {
    const points = run.series.get(card.key);
    if (!points) continue;
    drawn.add(run.meta.id);
    const label = visibility.label(run);
    // Mini-batch runs draw two losses on the loss card: each batch's, and the one on all the data.
    const full = card.key === 'loss' ? run.series.get(FULL_LOSS) : undefined;
    const batch = runDataset(card, run, label, points, theme, full ? 'batch' : 'plain');
    datasets.push(batch);
    labels.push(batch.label!);
    totalPoints += points.length;
    runs++;
    if (full) {
      drawn.add(`${run.meta.id}:${FULL_LOSS}`);
      const all = runDataset(card, run, label, full, theme, 'full');
      datasets.push(all);
      labels.push(all.label!);
      totalPoints += full.length;
    }
    const last = points[points.length - 1];
    if (run.outcome?.stopReason === 'diverged' && last) {
      markers.push({ runId: run.meta.id, step: last.x, value: last.y, color: runColor(theme, run.meta.colorIndex), label: card.key === 'loss' ? divergedText(last.x) : null });
    }
  }
  for (const id of card.datasets.keys()) if (!drawn.has(id)) card.datasets.delete(id);
  const runDatasets = datasets.length;
  if (card.showsPreview) {
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
export function stepAxisEnd(visibility: RunVisibility, previews: readonly SchedulePreview[]): number | undefined {
  let end = Math.max(0, ...previews.map((p) => p.points[p.points.length - 1]?.x ?? 0));
  for (const run of visibility.visible()) {
    const planned = run.meta.config.iterations;
    end = Math.max(end, run.outcome === null && typeof planned === 'number' ? planned : run.lastStep);
  }
  return end > 0 ? end : undefined;
}
