/**
 * Rosenbrock's banana function without `grad`: the f of ../rosenbrock.ts, and LR Lab records its
 * exact gradient from the code (reverse-mode differentiation) — the same numbers as the
 * hand-written grad there, without writing it. Runs take the same path step for step:
 *   lrlab run examples/exact/rosenbrock.ts --optimizer adam --lr 0.1 --iterations 1000
 *   lrlab run examples/rosenbrock.ts --optimizer adam --lr 0.1 --iterations 1000
 *   lrlab check examples/rosenbrock.ts   (compares the hand-written grad with the exact gradient)
 */
import * as handWritten from '../rosenbrock';

export const rosenbrock = { x0: handWritten.rosenbrock.x0, f: handWritten.rosenbrock.f };
