/** A request with one answer (list, check) as a promise: problems reject with an LrLabError. */
import { LrLabError } from '../errors';
import { formatNumber } from '../../shared/format';
import type { BundledCode, HostToWorker, WorkerToHost } from './workerProtocol';
import { CompileError } from './bundle';
import { openSession, type SessionOptions } from './session';

/**
 * Post `makeRequest(bundle)` to a fresh worker and resolve with `answer(message)` for the
 * first message it accepts (returns non-undefined). A `failed` answer, a compile error, the
 * time or memory limit reject with the matching LrLabError (a CompileError keeps every error).
 */
export function askWorker<T>(options: SessionOptions, makeRequest: (bundle: BundledCode, gauge: SharedArrayBuffer, exactOnRequest: boolean) => HostToWorker, answer: (message: WorkerToHost) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    openSession(options, makeRequest, {
      message(m) {
        if (m.type === 'failed') {
          reject(LrLabError.fromJSON(m.error));
          return true;
        }
        const value = answer(m);
        if (value === undefined) return false;
        resolve(value);
        return true;
      },
      stopped(stop) {
        if (stop.kind === 'timeout') reject(LrLabError.worded('timeout', { id: 'askTimedOut', args: [options.file, formatNumber(stop.limitMs / 1000)] }));
        else if (stop.kind === 'cancelled') reject(new LrLabError('cancelled', 'cancelled'));
        else if (stop.errors && stop.errors.length > 0) reject(new CompileError(stop.errors));
        else reject(LrLabError.fromJSON(stop.error));
      },
    });
  });
}
