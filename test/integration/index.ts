/**
 * The extension-host test entry (the `@vscode/test-electron` contract: `extensionTestsPath`
 * exports `run(): Promise<void>`). Bundled by `prepare.ts` into `out/integration/index.js`, mocha
 * included, next to one bundle per suite (`*.test.js`), which mocha loads with `require`.
 * Used unchanged by `runCodeServer.ts` (offline) and `runTestElectron.ts` (downloads VS Code).
 * Without LRLAB_TEST_TRUST=untrusted it runs every suite but the `*.untrusted.test.ts` ones.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // Each wait inside has its own bound (support.ts HANG_BOUND_MS) that names what it waited for;
    // a test's bound is above them, so a hang is reported by its wait, never by a bare timeout.
    timeout: Number(process.env.LRLAB_TEST_TIMEOUT_MS ?? 300_000),
  });
  if (process.env.LRLAB_TEST_GREP) mocha.grep(process.env.LRLAB_TEST_GREP);
  // `*.untrusted.test.js` suites need a workspace that is not trusted: the runner starts a
  // second workbench for them and says so with LRLAB_TEST_TRUST=untrusted.
  const untrusted = process.env.LRLAB_TEST_TRUST === 'untrusted';
  const suites = readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js') && file.endsWith('.untrusted.test.js') === untrusted)
    // smoke first: it checks the extension is not active before a TypeScript file opens,
    // which any other suite would spoil.
    .sort((a, b) => Number(b === 'smoke.test.js') - Number(a === 'smoke.test.js') || a.localeCompare(b));
  if (suites.length === 0) return Promise.reject(new Error(`no *.test.js bundles in ${__dirname}`));
  for (const file of suites) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
