/**
 * The one error type LR Lab raises at its borders. `code` says what went wrong in a way
 * callers can switch on; `location` points into the user's file when we know where.
 * The CLI prints `file:line:col: message` and exits non-zero; the extension turns it into a
 * Diagnostic plus a message in the panel.
 */
import { engineText, localizedDetail, type EngineText } from '../shared/engineText';

export type LrLabErrorCode =
  | 'invalidConfig' // unknown optimizer/schedule/option, value out of range, or a config that does not fit the objective (x0 length, objective name)
  | 'invalidState' // optimizer state that does not fit the optimizer (load_state_dict)
  | 'compileError' // the user's file does not bundle (syntax error, missing import)
  | 'typeError' // the user's file has TypeScript errors and the run was asked to be strict about them
  | 'loadError' // the user's module throws while it is being evaluated
  | 'objectiveNotFound' // no objective in the file
  | 'invalidObjective' // export has the wrong shape (no f, bad x0, ...)
  | 'objectiveError' // f, grad or metrics threw during a run
  | 'nonFiniteLoss' // f returned NaN/Infinity where it must not
  | 'nonFiniteGradient' // the gradient has a NaN/Infinity component where it must not
  | 'gradientLength' // grad returned an array of the wrong length
  | 'exactGradient' // the exact gradient was asked for (gradient: exact) and cannot be recorded
  | 'timeout' // the wall-clock limit was reached
  | 'evalTimeout' // one call into user code (f, grad, metrics, the file's top level) did not return within the per-evaluation limit
  | 'outOfMemory' // the worker hit its memory limit
  | 'cancelled'
  | 'usage'; // bad command-line usage

export interface SourceLocation {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column?: number;
}

export class LrLabError extends Error {
  override readonly name = 'LrLabError';
  constructor(
    readonly code: LrLabErrorCode,
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
  }

  /** `file:line:col: message`, or just the message when there is no location. */
  format(): string {
    return formatLocated(this.message, this.location);
  }

  /** The message as data, when the engine worded it with `engineText`. */
  text?: EngineText;

  /** An error whose message is an engine sentence: English here, each border's language there. */
  static worded(code: LrLabErrorCode, text: EngineText, location?: SourceLocation): LrLabError {
    const error = new LrLabError(code, engineText(text), location);
    error.text = text;
    return error;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, ...(this.location ? { location: this.location } : {}), ...(this.text ? { text: this.text } : {}) };
  }

  static fromJSON(e: SerializedError): LrLabError {
    const error = new LrLabError(e.code, e.message, e.location);
    if (e.text) error.text = e.text;
    return error;
  }
}

/** Plain-data form of an LrLabError, safe to post between threads and to the webview. */
export interface SerializedError {
  readonly code: LrLabErrorCode;
  readonly message: string;
  readonly location?: SourceLocation;
  /** The message as data, where the engine words it (engineText): each border says it in its language. */
  readonly text?: EngineText;
}

export function formatLocated(message: string, location: SourceLocation | undefined): string {
  if (!location) return message;
  const col = location.column !== undefined ? `:${location.column}` : '';
  return `${location.file}:${location.line}${col}: ${message}`;
}

export function isLrLabError(e: unknown): e is LrLabError {
  return e instanceof LrLabError;
}

/** What a caught error says to its reader: an engine-worded LrLabError in the reader's language (its text), anything else as String(e) says it. */
export function thrownWords(e: unknown): string {
  return isLrLabError(e) ? localizedDetail(e.message, undefined, e) : String(e);
}
