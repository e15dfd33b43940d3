/**
 * Rules of a config schema as engine sentences. A zod schema states a rule with `rule(id, …)`:
 * the message is then the sentence's id and the arguments after the option's path, and
 * the code that reports the issue words it with the path in front (`config.iterations must be a
 * positive integer`), so each border says it in its reader's language. zod's own messages (a
 * shape no rule covers) are not rules and stay English.
 */
import { isEngineText, type EngineText, type EngineTextId } from '../shared/engineText';

/** A zod `error` param that carries the sentence `id` (its {0} is the option's path, then `args`). */
export function rule(id: EngineTextId, ...args: (string | number)[]): { error: string } {
  return { error: JSON.stringify({ id, args }) };
}

/** The sentence of an issue at `subject` whose message `rule` wrote; null for zod's own messages. */
export function ruleText(subject: string | EngineText, message: string): EngineText | null {
  if (!message.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  return isEngineText(parsed) ? { id: parsed.id, args: [subject, ...parsed.args] } : null;
}
