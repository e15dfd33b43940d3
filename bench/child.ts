/**
 * Runs one suite in this (fresh) process and writes its result as JSON, so that suites do not
 * share a JIT, a heap or helper threads:  node --import tsx bench/child.ts SUITE OUT.json [--quick]
 */
import { writeFileSync } from 'node:fs';
import { SUITES } from './suites';

async function main(): Promise<void> {
  const [id, out, ...flags] = process.argv.slice(2);
  const entry = SUITES.find((s) => s.id === id);
  if (!entry || !out) throw new Error(`usage: bench/child.ts SUITE OUT.json [--quick] (suites: ${SUITES.map((s) => s.id).join(', ')})`);
  const suite = await entry.load();
  const result = await suite.run({ quick: flags.includes('--quick') });
  writeFileSync(out, JSON.stringify(result, null, 2));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
