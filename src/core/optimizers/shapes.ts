/**
 * Parameter shapes: the blocks (PyTorch's parameter tensors) a run's parameter vector is made
 * of. Objectives may declare them as `shape`; optimizers that treat blocks differently
 * (Adafactor factors matrices) get them at init.
 */
import type { EngineText } from '../../shared/engineText';
import { LrLabError, type SourceLocation } from '../errors';
import { messageValue } from '../messageValue';
import type { ParameterShapes } from './types';

/** Number of elements of a block of this shape (1 for a scalar, `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * `raw` as a list of block shapes: a list with no lists in it is one block (`[3, 4]`), a list of
 * lists is several (`[[8, 4], [8]]`). Every dimension must be an integer ≥ 1 and the blocks must
 * hold exactly `dim` numbers; otherwise LrLabError('invalidObjective') naming `what`, the entry
 * and what it holds, at `at()` (where the objective is written; asked only for an error).
 */
export function parameterShapes(raw: unknown, dim: number, what: string | EngineText, at?: () => SourceLocation | undefined): ParameterShapes {
  const refuse = (text: EngineText): LrLabError => LrLabError.worded('invalidObjective', text, at?.());
  if (!Array.isArray(raw)) throw refuse({ id: 'shapesNotList', args: [what, messageValue(raw)] });
  if (raw.length === 0) throw refuse({ id: 'shapesEmpty', args: [what] });
  const single = !raw.some((entry) => Array.isArray(entry));
  const blocks: unknown[] = single ? [raw] : raw;
  const shapes: number[][] = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (!Array.isArray(block)) throw refuse({ id: 'shapesBlockInvalid', args: [what, b, messageValue(block)] });
    // Indexed, not forEach: a hole (`[2, , 3]`) is refused too.
    for (let k = 0; k < block.length; k++) {
      const d: unknown = block[k];
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw refuse({ id: 'shapeDimensionInvalid', args: [what, single ? `[${k}]` : `[${b}][${k}]`, messageValue(d)] });
    }
    shapes.push([...(block as number[])]);
  }
  checkShapes(shapes, dim, what, at);
  return shapes;
}

/** LrLabError('invalidObjective') unless the blocks of `shapes` hold exactly `dim` numbers (at `at()`, as parameterShapes). */
export function checkShapes(shapes: ParameterShapes, dim: number, what: string | EngineText, at?: () => SourceLocation | undefined): void {
  const total = shapes.reduce((sum, s) => sum + shapeSize(s), 0);
  if (total !== dim) {
    const sizes = shapes.map((s) => (s.length === 0 ? '1' : s.join(' × '))).join(' + ');
    throw LrLabError.worded('invalidObjective', { id: 'shapesWrongTotal', args: [what, sizes, total, dim] }, at?.());
  }
}

