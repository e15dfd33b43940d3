/**
 * One set of numbers per run, worded once: the panel's run row and its tooltip, the chart's
 * divergence marker and the status bar all say the same thing. A finished run has a final and
 * a best loss; a diverged run has the step where its records end and the loss there (the
 * point the charts draw last, the value the engine's "loss exploded" sentence names), and the
 * best loss before it — never the loss of the blown-up parameters after the last step, which
 * the engine's `finalLoss` is in that case. Pure: the page and the host both bundle it.
 */
import * as l10n from '@vscode/l10n';
import { formatNumber, type NumberStyle } from './format';
import type { RunOutcomeMessage } from './messages/shapes';

/** The last recorded point of a run's loss series (step and value), if it has one. */
export interface LastPoint {
  readonly step: number;
  readonly loss: number;
}

export interface RunNumbers {
  /** Still running: the last recorded loss. */
  readonly running: LastPoint | null;
  /** The loss at the final parameters (null when diverged or unknown). */
  readonly final: number | null;
  readonly best: number | null;
  /** Where a diverged run's records end, and the loss there. */
  readonly divergedAt: LastPoint | null;
}

export function runNumbers(outcome: RunOutcomeMessage | null, last: LastPoint | null): RunNumbers {
  if (!outcome) return { running: last, final: null, best: null, divergedAt: null };
  if (outcome.stopReason === 'diverged') {
    return { running: null, final: null, best: outcome.bestLoss, divergedAt: last };
  }
  return { running: null, final: outcome.finalLoss, best: outcome.bestLoss, divergedAt: null };
}

/** "diverged at step 5" (the marker's words). */
/** A run's stop reason in words (page run list, status bar). */
export function stopReasonText(reason: string): string {
  switch (reason) {
    case 'maxIterations':
      return l10n.t('finished');
    case 'converged':
      return l10n.t('converged');
    case 'diverged':
      return l10n.t('diverged');
    case 'error':
      return l10n.t('error');
    case 'timeout':
      return l10n.t('timed out');
    case 'cancelled':
      return l10n.t('stopped');
    default:
      return reason;
  }
}

export function divergedText(step: number): string {
  return l10n.t('diverged at step {0}', step);
}

/**
 * The numbers as one line: "final 0.0123 · best 0.0101", "diverged at step 5, loss 4.1e35 ·
 * best 24.2", "loss 3.2 at step 40" (running); "" when there is nothing to say.
 */
export function runNumbersText(numbers: RunNumbers, style: NumberStyle): string {
  const n = (v: number): string => formatNumber(v, style);
  const parts: string[] = [];
  if (numbers.running) parts.push(`loss ${n(numbers.running.loss)} at step ${numbers.running.step}`);
  if (numbers.divergedAt) parts.push(l10n.t('{0}, loss {1}', divergedText(numbers.divergedAt.step), n(numbers.divergedAt.loss)));
  if (numbers.final !== null) parts.push(l10n.t('final {0}', n(numbers.final)));
  // The best equals the final loss for most runs that went well: said once.
  if (numbers.best !== null && numbers.best !== numbers.final) parts.push(l10n.t('best {0}', n(numbers.best)));
  return parts.join(' · ');
}
