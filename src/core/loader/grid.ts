/**
 * evaluateGridInFile: f of an objective of a user's file over a grid of a plane, in a worker
 * (the landscape; 40,000 calls of user code never run in the extension host or the CLI's
 * thread). Cancellable: the landscape asks again when the box moves.
 */
import { LrLabError } from '../errors';
import type { Box } from '../landscape/box';
import type { Grid } from '../landscape/grid';
import type { Plane } from '../landscape/plane';
import type { RunLimits } from '../minimize/config';
import { formatNumber } from '../../shared/format';
import { CompileError } from './bundle';
import { openSession, sessionOptions } from './session';
import { WORKER_PROTOCOL_VERSION, type BundledCode } from './workerProtocol';

export interface GridInFileOptions {
  readonly file: string;
  readonly objective?: string;
  /** A starting point of the objective's dimension (adapts a plain function without asking for its `@x0` tag). */
  readonly x0?: readonly number[];
  readonly plane: Plane;
  readonly box: Box;
  readonly nx: number;
  readonly ny: number;
  readonly source?: string;
  readonly limits?: Partial<RunLimits>;
  readonly workerPath?: string;
  readonly bundle?: Promise<BundledCode>;
}

export interface GridHandle {
  /** The grid; rejects with an LrLabError when the file does not load, the time limit passes, or on cancel. */
  readonly done: Promise<Grid>;
  cancel(): void;
}

export function evaluateGridInFile(opts: GridInFileOptions): GridHandle {
  const { plane, box, nx, ny } = opts;
  let cancel: () => void = () => undefined;
  const done = new Promise<Grid>((resolve, reject) => {
    const session = openSession(
      sessionOptions(opts),
      (bundle, gauge) => ({
        version: WORKER_PROTOCOL_VERSION,
        type: 'grid',
        bundle,
        gauge,
        objective: opts.objective ?? null,
        x0: opts.x0 ?? null,
        origin: Array.from(plane.origin),
        u: Array.from(plane.u),
        v: Array.from(plane.v),
        box: { xMin: box.xMin, xMax: box.xMax, yMin: box.yMin, yMax: box.yMax },
        nx,
        ny,
      }),
      {
        message(m) {
          if (m.type === 'failed') reject(LrLabError.fromJSON(m.error));
          else if (m.type === 'grid') {
            let min: Grid['min'] = null;
            for (let j = 0; j < ny; j++) {
              for (let i = 0; i < nx; i++) {
                const value = m.values[j * nx + i]!;
                if (Number.isFinite(value) && (min === null || value < min.value)) min = { alpha: box.xMin + ((i + 0.5) * (box.xMax - box.xMin)) / nx, beta: box.yMin + ((j + 0.5) * (box.yMax - box.yMin)) / ny, value };
              }
            }
            resolve({ box, nx, ny, values: m.values, failures: m.failures, firstFailure: m.firstFailure, min, ms: m.ms });
          } else return false;
          return true;
        },
        stopped(stop) {
          if (stop.kind === 'timeout') reject(LrLabError.worded('timeout', { id: 'landscapeTimedOut', args: [nx, ny, formatNumber(stop.limitMs / 1000)] }));
          else if (stop.kind === 'cancelled') reject(new LrLabError('cancelled', 'cancelled'));
          else if (stop.errors && stop.errors.length > 0) reject(new CompileError(stop.errors));
          else reject(LrLabError.fromJSON(stop.error));
        },
      },
    );
    cancel = () => session.cancel();
  });
  done.catch(() => undefined);
  return { done, cancel: () => cancel() };
}
