/** How the CLI names where a gradient comes from, and why it is not exact when it fell back. */
import type { GradientFallback } from '../../core/loader';
import type { GradientChoice } from '../../core/objective';
import { formatError } from './paths';

/** "its grad", "exact (recorded from the code)" or "central differences". */
export function gradientName(source: GradientChoice['source']): string {
  return source === 'user' ? 'its grad' : source === 'exact' ? 'exact (recorded from the code)' : 'central differences';
}

/** Why the exact gradient is not used, `file:line: reason`, or null. */
export function fallbackReason(choice: GradientChoice, cwd: string): string | null {
  return choice.reason === null ? null : formatError({ message: choice.reason, ...(choice.location ? { location: choice.location } : {}) }, cwd);
}

/** The note for a run whose exact gradient stopped mid-run. */
export function fallbackNote(fallback: GradientFallback, cwd: string): string {
  return `from step ${fallback.step} on, central differences: the exact gradient stopped at ${formatError({ message: fallback.reason, ...(fallback.location ? { location: fallback.location } : {}) }, cwd)}`;
}
