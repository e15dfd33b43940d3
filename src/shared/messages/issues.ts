/**
 * One sentence for a failed message check. zod/mini carries no message texts (its locales
 * would weigh more than the schemas in the panel's bundle), so the border words its issues
 * itself: "at controls.iterations: must be ≤ 10000000".
 */
import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, sign: string): string {
  const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint' ? `must be ${sign} ${limit}` : `${issue.origin} length must be ${sign} ${limit}`;
}

/** What is wrong, without where. */
export function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return bound(issue, issue.inclusive ? '≥' : '>');
    case 'too_big':
      return bound(issue, issue.inclusive ? '≤' : '<');
    case 'invalid_format':
      return issue.format === 'starts_with' ? `must start with "${(issue as { prefix?: string }).prefix ?? ''}"` : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'invalid value';
  }
}

/** " at a.b.0" (nothing at the top level). */
export function issuePath(issue: Issue): string {
  return issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
}
