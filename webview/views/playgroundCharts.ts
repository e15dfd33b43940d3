/**
 * chart.js for the playground's charts (lr finder, sweep): line charts on log or linear scales,
 * the heat map's matrix (chartjs-chart-matrix) on category scales, tooltips and annotations
 * (chartjs-plugin-annotation: the finder's suggestions; it draws only where a chart gives it
 * annotations). Registered once, beside the curves'. The curves' own plugins (decimation, zoom)
 * are global too: these charts turn them off (`OFF_PLUGINS`).
 */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import annotationPlugin from 'chartjs-plugin-annotation';
import type { Scale } from 'chart.js';
import { formatNumber, TICK_NUMBER } from '../../src/shared/format';
import type { Theme } from '../theme';

let registered = false;

export function registerPlaygroundCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Tooltip, Legend, MatrixController, MatrixElement, annotationPlugin);
}

export { Chart };


/** Tick labels of a log axis: powers of ten (and 2, 5 when it spans few decades). */
export function logTickLabel(this: Scale, value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Math.round(v / 10 ** exponent);
  const decades = Math.log10(Math.max(this.max, Number.MIN_VALUE) / Math.max(this.min, Number.MIN_VALUE));
  return mantissa === 1 || (decades <= 3 && (mantissa === 2 || mantissa === 5)) ? formatNumber(v, TICK_NUMBER) : '';
}

/** An axis in the panel's look (theme colours and font), log or linear, with a title. */
export function themedAxis(theme: Theme, type: 'logarithmic' | 'linear', title: string) {
  const font = { family: theme.fontFamily, size: Math.max(theme.fontSize - 2, 10) };
  return {
    type,
    title: { display: true, text: title, color: theme.mutedForeground, font, padding: { top: 0, bottom: 0 } },
    ticks: { color: theme.mutedForeground, font, maxTicksLimit: 8, maxRotation: 0, autoSkip: true, ...(type === 'logarithmic' ? { callback: logTickLabel } : { callback: (v: number | string) => formatNumber(Number(v), TICK_NUMBER) }) },
    grid: { color: theme.grid, tickColor: theme.grid },
    border: { color: theme.highContrast ? theme.border : theme.grid, width: 1 },
  } as const;
}

/** The tooltip in the panel's look. */
export function themedTooltip(theme: Theme) {
  const font = { family: theme.fontFamily, size: Math.max(theme.fontSize - 1, 10) };
  return { backgroundColor: theme.tooltipBackground, titleColor: theme.tooltipForeground, bodyColor: theme.tooltipForeground, borderColor: theme.tooltipBorder, borderWidth: 1, titleFont: font, bodyFont: font, displayColors: true, animation: false } as const;
}

/** The curves' global plugins, off in the playground's charts (their data is not a run's series). */
export const OFF_PLUGINS = { lrlabDecimation: false, zoom: false } as unknown as Record<string, never>;
