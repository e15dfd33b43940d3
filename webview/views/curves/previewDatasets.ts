/** The datasets of schedule previews (live and pinned), for the lr card and the small preview chart. */
import * as l10n from '@vscode/l10n';
import type { Theme } from '../../theme';
import type { LineDataset } from './chartCard';
import { previewStyle } from './previewStyle';
import type { SchedulePreview } from './schedulePreview';

export function previewLabel(preview: SchedulePreview): string {
  return preview.pin === null ? l10n.t('preview · {0}', preview.label) : l10n.t('pinned · {0}', preview.label);
}

/** A preview's dataset (stable per live curve / pin, so chart.js keeps its state). */
export function previewDataset(datasets: Map<string, LineDataset>, preview: SchedulePreview, theme: Theme): LineDataset {
  const key = preview.pin === null ? 'live' : `pin:${preview.pin}`;
  let ds = datasets.get(key);
  if (!ds) datasets.set(key, (ds = { label: '', data: [], pointRadius: 0 }));
  const style = previewStyle(theme, preview.pin);
  ds.label = previewLabel(preview);
  ds.borderColor = style.color;
  ds.backgroundColor = style.color;
  ds.borderDash = style.dash;
  ds.borderWidth = theme.lineWidth;
  ds.data = preview.points;
  return ds;
}

/** Every preview's dataset and label, in order; datasets of curves gone are forgotten. */
export function datasetsOf(cache: Map<string, LineDataset>, previews: readonly SchedulePreview[], theme: Theme): { datasets: LineDataset[]; labels: string[] } {
  const datasets = previews.map((p) => previewDataset(cache, p, theme));
  const keep = new Set(datasets);
  for (const [key, ds] of cache) if (!keep.has(ds)) cache.delete(key);
  return { datasets, labels: previews.map(previewLabel) };
}
