/**
 * Where the landscape is drawn: the plot rectangle inside the canvas (room for the axes) and
 * the map between plane coordinates and CSS pixels. With the aspect locked the rectangle is
 * square and the box too (equal units per pixel on both axes), so a circle looks round.
 */
export interface Box {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const MARGIN = { left: 58, right: 14, top: 10, bottom: 38 };
const MAX_LOCKED_SIDE = 560;
const UNLOCKED_HEIGHT = 360;

/** The canvas height (CSS px) a view of `width` needs. */
export function canvasHeight(width: number, aspectLocked: boolean): number {
  const inner = Math.max(120, width - MARGIN.left - MARGIN.right);
  return (aspectLocked ? Math.min(inner, MAX_LOCKED_SIDE) : UNLOCKED_HEIGHT) + MARGIN.top + MARGIN.bottom;
}

export function plotRect(width: number, height: number, aspectLocked: boolean): Plot {
  const w = Math.max(40, width - MARGIN.left - MARGIN.right);
  const h = Math.max(40, height - MARGIN.top - MARGIN.bottom);
  if (!aspectLocked) return { left: MARGIN.left, top: MARGIN.top, width: w, height: h };
  const side = Math.min(w, h);
  return { left: MARGIN.left + (w - side) / 2, top: MARGIN.top, width: side, height: side };
}

export class PlaneMap {
  constructor(
    readonly box: Box,
    readonly plot: Plot,
  ) {}

  px(x: number): number {
    return this.plot.left + ((x - this.box.xMin) / (this.box.xMax - this.box.xMin)) * this.plot.width;
  }

  py(y: number): number {
    return this.plot.top + (1 - (y - this.box.yMin) / (this.box.yMax - this.box.yMin)) * this.plot.height;
  }

  x(px: number): number {
    return this.box.xMin + ((px - this.plot.left) / this.plot.width) * (this.box.xMax - this.box.xMin);
  }

  y(py: number): number {
    return this.box.yMin + (1 - (py - this.plot.top) / this.plot.height) * (this.box.yMax - this.box.yMin);
  }

  /** The matrix taking grid coordinates (u ∈ [0, nx], v ∈ [0, ny]) of a grid over `grid` to pixels. */
  gridMatrix(grid: Box, nx: number, ny: number): DOMMatrix {
    const a = ((grid.xMax - grid.xMin) / nx / (this.box.xMax - this.box.xMin)) * this.plot.width;
    const e = this.px(grid.xMin);
    const d = -((grid.yMax - grid.yMin) / ny / (this.box.yMax - this.box.yMin)) * this.plot.height;
    const f = this.py(grid.yMin);
    return new DOMMatrix([a, 0, 0, d, e, f]);
  }

  inside(px: number, py: number): boolean {
    return px >= this.plot.left && px <= this.plot.left + this.plot.width && py >= this.plot.top && py <= this.plot.top + this.plot.height;
  }
}

/** `box` zoomed by `factor` (< 1: in) around the plane point (cx, cy). */
export function zoomBox(box: Box, cx: number, cy: number, factor: number): Box {
  return { xMin: cx + (box.xMin - cx) * factor, xMax: cx + (box.xMax - cx) * factor, yMin: cy + (box.yMin - cy) * factor, yMax: cy + (box.yMax - cy) * factor };
}

/** `box` moved by (dx, dy) plane units. */
export function panBox(box: Box, dx: number, dy: number): Box {
  return { xMin: box.xMin + dx, xMax: box.xMax + dx, yMin: box.yMin + dy, yMax: box.yMax + dy };
}
