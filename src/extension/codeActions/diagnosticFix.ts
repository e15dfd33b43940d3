/**
 * What an LR Lab diagnostic is about, as data set where the diagnostic is made — its code and
 * where it points — never read back from its message: the message is in the display language
 * (engineText), so "untagged has no starting point" may read "untagged 没有起始点".
 */
import type { SerializedError } from '../../core/errors';
import type { DiscoveredObjective } from '../../core/loader';

/** The code of a diagnostic about a plain function without a starting point (the @x0 quick fix's). */
export const NO_STARTING_POINT_CODE = 'noStartingPoint';

/**
 * The code a diagnostic of `error` carries: the error's code ('invalidObjective', 'gradientLength',
 * …), or, where a quick fix needs more than the code says, the problem's own id.
 */
export function diagnosticCodeOf(error: SerializedError): string {
  return error.text?.id === 'noStartingPoint' ? NO_STARTING_POINT_CODE : error.code;
}

/**
 * The objective a "no starting point" diagnostic on 1-based `line` is about: the plain function
 * exported there (the loader points at the export's line), else the file's only plain function
 * without an `@x0` tag (an error without a location).
 */
export function objectiveWithoutStartingPoint(objectives: readonly DiscoveredObjective[], line: number): DiscoveredObjective | undefined {
  const functions = objectives.filter((o) => o.form === 'function');
  const untagged = functions.filter((o) => o.x0 === null);
  return functions.find((o) => o.line === line) ?? (untagged.length === 1 ? untagged[0] : undefined);
}
