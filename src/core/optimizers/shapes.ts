/**
 * Parameter shapes: the blocks (PyTorch's parameter tensors) a run's parameter vector is made
 * of. Objectives may declare them as `shape`; optimizers that treat blocks differently
 * (Adafactor factors matrices) get them at init.
 */
import type { EngineText } from '../../shared/engineText';
import { LrLabError } from '../errors';
import type { ParameterShapes } from './types';

/** Number of elements of a block of this shape (1 for a scalar, `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * `raw` as a list of block shapes: a list of numbers is one block (`[3, 4]`), a list of lists
 * is several (`[[8, 4], [8]]`). Every dimension must be an integer ≥ 1 and the blocks must hold
 * exactly `dim` numbers; otherwise LrLabError('invalidObjective') naming `what`.
 */
export function parameterShapes(raw: unknown, dim: number, what: string | EngineText): ParameterShapes {
  if (!Array.isArray(raw)) throw LrLabError.worded('invalidObjective', { id: 'shapesNotList', args: [what, describe(raw)] });
  const blocks = raw.length > 0 && raw.every((d) => typeof d === 'number') ? [raw as number[]] : (raw as unknown[]);
  if (blocks.length === 0) throw LrLabError.worded('invalidObjective', { id: 'shapesEmpty', args: [what] });
  const shapes: number[][] = [];
  blocks.forEach((block, b) => {
    if (!Array.isArray(block) || !block.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
      throw LrLabError.worded('invalidObjective', { id: 'shapesBlockInvalid', args: [what, b, describe(block)] });
    }
    shapes.push([...(block as number[])]);
  });
  checkShapes(shapes, dim, what);
  return shapes;
}

/** LrLabError('invalidObjective') unless the blocks of `shapes` hold exactly `dim` numbers. */
export function checkShapes(shapes: ParameterShapes, dim: number, what: string | EngineText): void {
  const total = shapes.reduce((sum, s) => sum + shapeSize(s), 0);
  if (total !== dim) {
    const sizes = shapes.map((s) => (s.length === 0 ? '1' : s.join(' × '))).join(' + ');
    throw LrLabError.worded('invalidObjective', { id: 'shapesWrongTotal', args: [what, sizes, total, dim] });
  }
}

function describe(v: unknown): string {
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof v;
  }
}
