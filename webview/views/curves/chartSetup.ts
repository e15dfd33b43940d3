/**
 * chart.js, lean: only the pieces the panel uses are registered (line charts on linear /
 * logarithmic scales, tooltips, zoom), plus our own line controller (./lineController.ts,
 * which skips the work on runs that did not change), our own decimation (./decimation.ts,
 * which keeps its results), the divergence markers (./markers.ts) and one interaction mode of
 * our own.
 */
import { Chart, Interaction, LinearScale, LineElement, LogarithmicScale, PointElement, Tooltip, type InteractionItem, type InteractionModeFunction } from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import zoomPlugin from 'chartjs-plugin-zoom';
import { cachedDecimation } from './decimation';
import { PanelLineController } from './lineController';
import { divergenceMarkers } from './markers';

declare module 'chart.js' {
  interface InteractionModeMap {
    /** Each visible dataset's point nearest to the pointer's step. */
    step: InteractionModeFunction;
  }
}

/**
 * Chart.js's 'index' mode assumes every dataset has a point at the same array index, which
 * decimation (and runs of different lengths) break; this mode looks each dataset up by x.
 * A dataset is left out when the pointer is beyond its ends by more than a few pixels.
 */
const stepMode: InteractionModeFunction = (chart, e) => {
  const position = getRelativePosition(e, chart);
  const area = chart.chartArea;
  if (position.x < area.left || position.x > area.right) return [];
  const items: InteractionItem[] = [];
  for (const meta of chart.getSortedVisibleDatasetMetas()) {
    const elements = meta.data as unknown as Array<{ x: number; skip?: boolean }>;
    const n = elements.length;
    if (n === 0) continue;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (elements[mid]!.x < position.x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && Math.abs(elements[lo - 1]!.x - position.x) <= Math.abs(elements[lo]!.x - position.x)) lo--;
    const element = elements[lo]!;
    if (element.skip || Math.abs(element.x - position.x) > 8 + (area.width / Math.max(n, 1)) * 2) continue;
    items.push({ element: meta.data[lo]!, datasetIndex: meta.index, index: lo });
  }
  return items;
};

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(PanelLineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, cachedDecimation, zoomPlugin, divergenceMarkers);
  Interaction.modes.step = stepMode;
}

export { Chart };
