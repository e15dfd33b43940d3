/**
 * Grids of f already computed, by what they depend on: the objective's text (its hash), the
 * export, the plane, the box and the resolution. The landscape asks again on every change of
 * the visible runs; a grid for the same box is reused, never recomputed (the "once per
 * box"). A few are kept (zooming back and forth), oldest dropped first.
 */
import { createHash } from 'node:crypto';
import type { Box } from '../../core/landscape/box';
import type { Plane } from '../../core/landscape/plane';

export interface GridKeyParts {
  readonly sourceSha256: string;
  readonly objective: string;
  readonly plane: Plane;
  readonly box: Box;
  readonly nx: number;
  readonly ny: number;
}

/** One string for what a grid depends on (the plane's vectors by their bytes' hash). */
export function gridKey(parts: GridKeyParts): string {
  const { plane, box } = parts;
  const vectors = plane.kind === 'axes' ? 'axes' : createHash('sha256').update(new Uint8Array(plane.origin.buffer, plane.origin.byteOffset, plane.origin.byteLength)).update(new Uint8Array(plane.u.buffer, plane.u.byteOffset, plane.u.byteLength)).update(new Uint8Array(plane.v.buffer, plane.v.byteOffset, plane.v.byteLength)).digest('hex');
  return [parts.sourceSha256, parts.objective, vectors, box.xMin, box.xMax, box.yMin, box.yMax, parts.nx, parts.ny].join('|');
}

export class GridCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 8) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
