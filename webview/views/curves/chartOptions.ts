/**
 * chart.js options for one panel chart, following chart.js's performance advice: data in
 * its internal `{x, y}` format (`parsing: false`, `normalized: true`), min-max decimation (registered in
 * chartSetup.ts; keeps spikes, so divergence stays visible), no animation, no per-point drawing.
 */
import * as l10n from '@vscode/l10n';
import type { ChartOptions, Scale, TooltipItem } from 'chart.js';
import { formatNumber, PANEL_NUMBER, TICK_NUMBER } from '../../../src/shared/format';
import type { PANEL_LINE } from './lineController';
import { withAlpha, type Theme } from '../../theme';

export interface ChartCallbacks {
  /** Zoom or pan finished on this chart (to link the step axis of the others). */
  onViewChange(): void;
  /** The canvas was resized. */
  onResize(): void;
  /** Dataset label for the tooltip. */
  labelOf(datasetIndex: number): string;
}

/** Log axes: label powers of ten, and 2 and 5 too when the axis spans few decades. */
function logTick(this: Scale, value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Math.round(v / 10 ** exponent);
  const decades = Math.log10(Math.max(this.max, Number.MIN_VALUE) / Math.max(this.min, Number.MIN_VALUE));
  if (mantissa === 1 || (decades <= 3 && (mantissa === 2 || mantissa === 5))) return formatNumber(v, TICK_NUMBER);
  return '';
}

function linearTick(value: number | string): string {
  return formatNumber(Number(value), TICK_NUMBER);
}

export function chartOptions(theme: Theme, log: boolean, callbacks: ChartCallbacks, stepTitle = 'step'): ChartOptions<typeof PANEL_LINE> {
  const font = { family: theme.fontFamily, size: Math.max(theme.fontSize - 2, 10) };
  const axisBorder = { color: theme.highContrast ? theme.border : theme.grid, width: 1 };
  const minorGrid = withAlpha(theme.grid, 0.45);
  return {
    parsing: false,
    normalized: true,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    onResize: () => callbacks.onResize(),
    spanGaps: true,
    color: theme.foreground,
    font,
    interaction: { mode: 'step', intersect: false, axis: 'x' },
    layout: { padding: { top: 6, right: 10, left: 2, bottom: 0 } },
    elements: {
      point: { radius: 0, hoverRadius: theme.highContrast ? 4 : 3, hitRadius: 0, hoverBorderWidth: 1 },
      line: { tension: 0, borderWidth: theme.lineWidth, borderCapStyle: 'round', borderJoinStyle: 'round' },
    },
    scales: {
      x: {
        type: 'linear',
        // Round ends (0 … 400 rather than 1 … 400); the charts set suggestedMax to where the runs end.
        bounds: 'ticks',
        title: { display: true, text: stepTitle, color: theme.mutedForeground, font, padding: { top: 0, bottom: 0 } },
        // Whole steps; epochs may be fractions (a run shorter than an epoch).
        ticks: { color: theme.mutedForeground, font, ...(stepTitle === 'step' ? { precision: 0 } : {}), maxTicksLimit: 7, maxRotation: 0, callback: linearTick },
        grid: { color: theme.grid, tickColor: theme.grid },
        border: axisBorder,
      },
      y: log
        ? {
            type: 'logarithmic',
            ticks: { color: theme.mutedForeground, font, autoSkip: true, maxTicksLimit: 8, callback: logTick, major: { enabled: true } },
            // Decades get the full grid colour, the lines in between a fainter one.
            grid: { color: (ctx) => (ctx.tick?.major ? theme.grid : minorGrid), tickColor: theme.grid },
            border: axisBorder,
          }
        : {
            type: 'linear',
            ticks: { color: theme.mutedForeground, font, maxTicksLimit: 6, callback: linearTick },
            grid: { color: theme.grid, tickColor: theme.grid },
            border: axisBorder,
          },
    },
    plugins: {
      tooltip: {
        enabled: true,
        backgroundColor: theme.tooltipBackground,
        titleColor: theme.tooltipForeground,
        bodyColor: theme.tooltipForeground,
        borderColor: theme.tooltipBorder,
        borderWidth: 1,
        cornerRadius: 3,
        padding: 8,
        boxWidth: 8,
        boxHeight: 8,
        boxPadding: 4,
        titleFont: { ...font, weight: 'bold' },
        bodyFont: font,
        caretSize: 0,
        callbacks: {
          title: (items: TooltipItem<typeof PANEL_LINE>[]) => (items.length ? (stepTitle === 'step' ? l10n.t('step {0}', String(items[0]!.parsed.x)) : l10n.t('epoch {0}', formatNumber(items[0]!.parsed.x, PANEL_NUMBER))) : ''),
          label: (item: TooltipItem<typeof PANEL_LINE>) => ` ${callbacks.labelOf(item.datasetIndex)}  ${formatNumber(item.parsed.y, PANEL_NUMBER)}`,
        },
      },
      zoom: {
        pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: () => callbacks.onViewChange() },
        zoom: {
          mode: 'x',
          wheel: { enabled: true, modifierKey: 'ctrl', speed: 0.15 },
          pinch: { enabled: true },
          drag: { enabled: true, threshold: 6, backgroundColor: theme.selection, borderColor: withAlpha(theme.foreground, 0.5), borderWidth: 1 },
          onZoomComplete: () => callbacks.onViewChange(),
        },
      },
    },
  };
}
