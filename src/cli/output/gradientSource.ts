/** How the CLI names where a gradient comes from, and why it is not exact when it fell back (in the CLI's language). */
import * as l10n from '@vscode/l10n';
import type { GradientFallback } from '../../core/loader';
import type { GradientChoice } from '../../core/objective';
import { engineText } from '../../shared/engineText';
import { formatError } from './paths';

/** "its grad", "exact (recorded from the code)" or "central differences". */
export function gradientName(source: GradientChoice['source']): string {
  return source === 'user' ? l10n.t('its grad') : source === 'exact' ? l10n.t('exact (recorded from the code)') : l10n.t('central differences');
}

/** Why the exact gradient is not used, `file:line: reason`, or null. */
export function fallbackReason(choice: GradientChoice, cwd: string): string | null {
  if (choice.reason === null) return null;
  const message = choice.reasonText ? engineText(choice.reasonText) : choice.reason;
  return formatError({ message, ...(choice.location ? { location: choice.location } : {}) }, cwd);
}

/** A gradient choice as json data: the English reason (its wording for the borders, `reasonText`, is not data). */
export function choiceData({ reasonText: _, ...data }: GradientChoice): GradientChoice {
  return data;
}

/** The note for a run whose exact gradient stopped mid-run. */
export function fallbackNote(fallback: GradientFallback, cwd: string): string {
  const message = fallback.reasonText ? engineText(fallback.reasonText) : fallback.reason;
  const where = formatError({ message, ...(fallback.location ? { location: fallback.location } : {}) }, cwd);
  return l10n.t('from step {0} on, central differences: the exact gradient stopped at {1}', fallback.step, where);
}
