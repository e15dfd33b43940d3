/**
 * Draws the landscape on a canvas: the bands and isolines of f (drawn once per grid, box, size
 * and theme into a layer that each frame only copies), the axes, then every path up to the
 * current step in its run's colour with its start, its end (or where it is at the step) and
 * the grid's minimum marked. A frame of the animation is the layer plus the paths: 5 paths of
 * 10k points redraw in a few milliseconds.
 */
import { formatNumber, TICK_NUMBER } from '../../../src/shared/format';
import { withAlpha, type Theme } from '../../theme';
import type { ContourPaths } from './contours';
import { PlaneMap, type Box } from './geometry';
import { niceTicks } from './ticks';

export interface DrawnPath {
  readonly runId: string;
  readonly color: string;
  readonly label: string;
  readonly steps: ArrayLike<number>;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
}

export interface GridLayer {
  readonly box: Box;
  readonly nx: number;
  readonly ny: number;
  readonly contours: ContourPaths;
  readonly min: { alpha: number; beta: number; value: number } | null;
}

/** The last step of a run being stepped through, on the 2-parameter map: θₖ₋₁ → θₖ, and θₖ₋₁ → θₖ₋₁ − lr·g for contrast. */
export interface StepArrow {
  readonly color: string;
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
  /** Where plain gradient descent with the step's lr would have gone (null at step 0). */
  readonly descent: readonly [number, number] | null;
}

export interface DrawState {
  readonly map: PlaneMap;
  readonly grid: GridLayer | null;
  readonly paths: readonly DrawnPath[];
  /** Draw each path up to this step (Infinity: whole). */
  readonly step: number;
  readonly axisLabels: readonly [string, string];
  readonly theme: Theme;
  /** The stepped run's last step, drawn over the paths. */
  readonly arrow?: StepArrow | null;
}

export interface DrawResult {
  /** Points of the paths drawn (up to the step). */
  readonly points: number;
  readonly ms: number;
}

/** Index of the last point of `steps` at or before `step` (−1 when none). */
export function lastIndexAtStep(steps: ArrayLike<number>, step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  if (hi < 0 || steps[0]! > step) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid]! <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class LandscapeRenderer {
  private layer: HTMLCanvasElement | null = null;
  private layerKey = '';
  /** Pixel coordinates per path for the current map (recomputed when the map changes). */
  private pixels = new Map<DrawnPath, { key: string; px: Float32Array; py: Float32Array }>();

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Forget the cached layer (the theme changed). */
  invalidate(): void {
    this.layerKey = '';
  }

  draw(state: DrawState, cssWidth: number, cssHeight: number): DrawResult {
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(cssWidth * dpr);
    const height = Math.round(cssHeight * dpr);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(this.backgroundLayer(state, width, height, dpr), 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { plot } = state.map;
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    let points = 0;
    for (const path of state.paths) points += this.drawPath(ctx, state, path);
    if (state.arrow) this.drawArrow(ctx, state.map, state.arrow, state.theme);
    ctx.restore();
    return { points, ms: performance.now() - started };
  }

  /** The bands, isolines, minimum marker and axes, redrawn only when they change. */
  private backgroundLayer(state: DrawState, width: number, height: number, dpr: number): HTMLCanvasElement {
    const { map, grid, theme } = state;
    const key = [width, height, dpr, map.box.xMin, map.box.xMax, map.box.yMin, map.box.yMax, map.plot.left, map.plot.width, map.plot.height, grid ? `${grid.box.xMin},${grid.box.xMax},${grid.box.yMin},${grid.box.yMax},${grid.nx},${grid.contours.levels.length}` : '-', state.axisLabels.join('/'), theme.foreground, theme.background].join('|');
    if (this.layer && key === this.layerKey) return this.layer;
    const layer = this.layer ?? document.createElement('canvas');
    layer.width = width;
    layer.height = height;
    const ctx = layer.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { plot } = map;
    if (grid) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(plot.left, plot.top, plot.width, plot.height);
      ctx.clip();
      const matrix = map.gridMatrix(grid.box, grid.nx, grid.ny);
      const band = withAlpha(theme.foreground, theme.highContrast ? 0.05 : 0.03);
      ctx.fillStyle = band;
      for (const path of grid.contours.bands) {
        const placed = new Path2D();
        placed.addPath(path, matrix);
        ctx.fill(placed, 'evenodd');
      }
      ctx.strokeStyle = withAlpha(theme.foreground, theme.highContrast ? 0.55 : 0.3);
      ctx.lineWidth = 1;
      for (const path of grid.contours.lines) {
        const placed = new Path2D();
        placed.addPath(path, matrix);
        ctx.stroke(placed);
      }
      if (grid.min) {
        const x = map.px(grid.min.alpha);
        const y = map.py(grid.min.beta);
        ctx.strokeStyle = theme.foreground;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(x - 5, y - 5);
        ctx.lineTo(x + 5, y + 5);
        ctx.moveTo(x - 5, y + 5);
        ctx.lineTo(x + 5, y - 5);
        ctx.stroke();
      }
      ctx.restore();
    }
    this.drawAxes(ctx, state);
    this.layer = layer;
    this.layerKey = key;
    return layer;
  }

  private drawAxes(ctx: CanvasRenderingContext2D, state: DrawState): void {
    const { map, theme } = state;
    const { plot } = map;
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width - 1, plot.height - 1);
    ctx.fillStyle = theme.mutedForeground;
    ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(map.box.xMin, map.box.xMax, Math.max(2, Math.floor(plot.width / 80)))) {
      const x = map.px(t);
      ctx.fillRect(x, plot.top + plot.height, 1, 4);
      ctx.fillText(formatNumber(t, TICK_NUMBER), x, plot.top + plot.height + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(map.box.yMin, map.box.yMax, Math.max(2, Math.floor(plot.height / 50)))) {
      const y = map.py(t);
      ctx.fillRect(plot.left - 4, y, 4, 1);
      ctx.fillText(formatNumber(t, TICK_NUMBER), plot.left - 6, y);
    }
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(state.axisLabels[0], plot.left + plot.width / 2, plot.top + plot.height + 36);
    ctx.save();
    ctx.translate(Math.max(12, plot.left - 46), plot.top + plot.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(state.axisLabels[1], 0, 0);
    ctx.restore();
  }

  /** A path up to the step: its line, its start (ring) and where it is (dot; a larger one at its end). */
  private drawPath(ctx: CanvasRenderingContext2D, state: DrawState, path: DrawnPath): number {
    const last = lastIndexAtStep(path.steps, state.step);
    if (last < 0) return 0;
    const { px, py } = this.pixelsOf(state.map, path);
    ctx.strokeStyle = path.color;
    ctx.lineWidth = state.theme.lineWidth;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i <= last; i++) {
      const x = px[i]!;
      const y = py[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
    ctx.fillStyle = state.theme.background;
    ctx.beginPath();
    ctx.arc(px[0]!, py[0]!, 4.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    const ended = last === path.steps.length - 1;
    ctx.fillStyle = path.color;
    ctx.beginPath();
    ctx.arc(px[last]!, py[last]!, ended ? 5 : 4, 0, 2 * Math.PI);
    ctx.fill();
    if (ended) {
      ctx.strokeStyle = state.theme.background;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    return last + 1;
  }

  /** The step as a solid arrow in the run's colour; −lr·g as a dashed one in the foreground's. */
  private drawArrow(ctx: CanvasRenderingContext2D, map: PlaneMap, arrow: StepArrow, theme: Theme): void {
    const line = (from: readonly [number, number], to: readonly [number, number], color: string, dashed: boolean): void => {
      const x0 = map.px(from[0]);
      const y0 = map.py(from[1]);
      const x1 = map.px(to[0]);
      const y1 = map.py(to[1]);
      if (![x0, y0, x1, y1].every(Number.isFinite)) return;
      const length = Math.hypot(x1 - x0, y1 - y0);
      ctx.save();
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = dashed ? 1.5 : 2.5;
      ctx.setLineDash(dashed ? [5, 4] : []);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      if (length >= 1) {
        // The head: a triangle at the tip, at most half the arrow long.
        const head = Math.min(10, length / 2);
        const angle = Math.atan2(y1 - y0, x1 - x0);
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - head * Math.cos(angle - 0.4), y1 - head * Math.sin(angle - 0.4));
        ctx.lineTo(x1 - head * Math.cos(angle + 0.4), y1 - head * Math.sin(angle + 0.4));
        ctx.closePath();
        ctx.fill();
      }
      ctx.restore();
    };
    if (arrow.descent) line(arrow.from, arrow.descent, withAlpha(theme.foreground, 0.7), true);
    line(arrow.from, arrow.to, arrow.color, false);
  }

  pixelsOf(map: PlaneMap, path: DrawnPath): { px: Float32Array; py: Float32Array } {
    const key = `${map.box.xMin},${map.box.xMax},${map.box.yMin},${map.box.yMax},${map.plot.left},${map.plot.top},${map.plot.width},${map.plot.height},${path.xs.length}`;
    const cached = this.pixels.get(path);
    if (cached && cached.key === key) return cached;
    const n = path.xs.length;
    const px = new Float32Array(n);
    const py = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      px[i] = map.px(path.xs[i]!);
      py[i] = map.py(path.ys[i]!);
    }
    const entry = { key, px, py };
    this.pixels.set(path, entry);
    return entry;
  }

  /** Drop the pixel caches of paths no longer drawn. */
  keepOnly(paths: readonly DrawnPath[]): void {
    const alive = new Set(paths);
    for (const path of [...this.pixels.keys()]) if (!alive.has(path)) this.pixels.delete(path);
  }
}
