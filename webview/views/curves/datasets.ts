/**
 * What a chart card draws, built from the runs model: one dataset per visible run that has
 * the card's series, then the schedule preview (dashed) on the card that shows it. Datasets
 * are stable objects per (card, run), so chart.js keeps their state; before every update the
 * run's whole point array is assigned to `dataset.data` (with decimation on, the setter stores
 * it and the getter returns the decimated copy).
 */
import { FULL_LOSS, type Point, type Run, type RunsModel } from '../../runs/runsModel';
import type { ViewStateStore } from '../../state';
import { runColor, withAlpha, type Theme } from '../../theme';
import type { CardData, ChartCard, LineDataset } from './chartCard';
import type { SchedulePreview } from './schedulePreview';

export function previewLabel(preview: SchedulePreview): string {
  return `preview · ${preview.label}`;
}

/** The legend label of a mini-batch run's two loss series. */
export const BATCH_LOSS_SUFFIX = ' · batch';
export const FULL_LOSS_SUFFIX = ' · all data';

/**
 * A run's dataset on `card`. `part` 'batch' is a mini-batch run's batch loss (thin and pale: it
 * is noisy), 'full' its loss on all the data (solid, with a point at each evaluation).
 */
function runDataset(card: ChartCard, run: Run, points: Point[], theme: Theme, part: 'plain' | 'batch' | 'full' = 'plain'): LineDataset {
  const id = part === 'full' ? `${run.meta.id}:${FULL_LOSS}` : run.meta.id;
  let ds = card.datasets.get(id);
  if (!ds) {
    ds = { label: run.meta.label, data: points, pointRadius: 0 };
    card.datasets.set(id, ds);
  }
  const color = runColor(theme, run.meta.colorIndex);
  const line = part === 'batch' && !theme.highContrast ? withAlpha(color, 0.45) : color;
  ds.label = run.meta.label + (part === 'batch' ? BATCH_LOSS_SUFFIX : part === 'full' ? FULL_LOSS_SUFFIX : '');
  ds.borderColor = line;
  ds.backgroundColor = color;
  ds.borderWidth = part === 'batch' ? Math.max(1, theme.lineWidth - 0.5) : part === 'full' ? theme.lineWidth + 0.5 : theme.lineWidth;
  ds.pointRadius = part === 'full' ? 2 : 0;
  ds.pointHoverBackgroundColor = color;
  ds.pointHoverBorderColor = theme.background;
  ds.data = points;
  return ds;
}

function previewDataset(card: ChartCard, preview: SchedulePreview, theme: Theme): LineDataset {
  card.previewDataset ??= { label: '', data: [], pointRadius: 0, borderDash: [6, 4] };
  const ds = card.previewDataset;
  ds.label = previewLabel(preview);
  ds.borderColor = withAlpha(theme.foreground, theme.highContrast ? 1 : 0.75);
  ds.backgroundColor = ds.borderColor;
  ds.borderWidth = theme.lineWidth;
  ds.data = preview.points;
  return ds;
}

/** The datasets of `card` for the visible runs (and the preview); forgets those of runs that are gone. */
export function cardData(card: ChartCard, model: RunsModel, store: ViewStateStore, theme: Theme, preview: SchedulePreview | null): CardData {
  const datasets: LineDataset[] = [];
  const labels: string[] = [];
  let totalPoints = 0;
  let runs = 0;
  const alive = new Set<string>();
  for (const run of model.list()) {
    alive.add(run.meta.id);
    const points = run.series.get(card.key);
    if (!points || store.isHidden(run.meta.id)) continue;
    // Mini-batch runs draw two losses on the loss card: each batch's, and the one on all the data.
    const full = card.key === 'loss' ? run.series.get(FULL_LOSS) : undefined;
    const batch = runDataset(card, run, points, theme, full ? 'batch' : 'plain');
    datasets.push(batch);
    labels.push(batch.label!);
    totalPoints += points.length;
    runs++;
    if (full) {
      alive.add(`${run.meta.id}:${FULL_LOSS}`);
      const all = runDataset(card, run, full, theme, 'full');
      datasets.push(all);
      labels.push(all.label!);
      totalPoints += full.length;
    }
  }
  for (const id of card.datasets.keys()) if (!alive.has(id)) card.datasets.delete(id);
  const runDatasets = datasets.length;
  if (card.showsPreview && preview) {
    datasets.push(previewDataset(card, preview, theme));
    labels.push(previewLabel(preview));
  }
  return { datasets, labels, runDatasets, runs, totalPoints };
}

/**
 * Where the step axis should reach: the last step of finished runs, the planned iterations
 * of running ones (so a streaming curve grows into a fixed frame instead of rescaling).
 */
export function stepAxisEnd(model: RunsModel, store: ViewStateStore, preview: SchedulePreview | null): number | undefined {
  let end = preview?.points.length ?? 0;
  for (const run of model.list()) {
    if (store.isHidden(run.meta.id)) continue;
    const planned = run.meta.config.iterations;
    end = Math.max(end, run.outcome === null && typeof planned === 'number' ? planned : run.lastStep);
  }
  return end > 0 ? end : undefined;
}
