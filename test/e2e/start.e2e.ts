/**
 * `npm start` as a newcomer runs it (scripts/start.mjs with the packaged .vsix): the printed URL
 * opens the repository's examples trusted — no Restricted Mode, no trust prompt, the ▶ Run lens
 * on rosenbrock.ts — while `--restricted` opens them in Restricted Mode (so the check can fail).
 * Only opens files; nothing is run or written in examples/.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { codeLenses, launchBrowser, openWorkbench, quickOpen, type BrowserSession } from '../harness/browser';
import { HANG_BOUND_MS } from '../harness/bounds';
import { REPO_ROOT } from '../harness/paths';
import { VSIX_ENV } from './workbench';

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Runs `npm start`'s script with the .vsix under test; resolves with the URL it prints. */
function npmStart(args: readonly string[]): Promise<Started> {
  const vsix = process.env[VSIX_ENV];
  if (!vsix) throw new Error(`${VSIX_ENV} is not set: run the scenarios through test/e2e/run.ts`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/start.mjs'), '--vsix', vsix, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within ${HANG_BOUND_MS} ms:\n${output}`)), HANG_BOUND_MS);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /^Open: (\S+)$/m.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`));
    });
  });
}

/** Ctrl+C, as a person stops it; waits for the process to end. */
async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGINT');
  await exited;
}

const RESTRICTED = '.part.statusbar .statusbar-item';

describe('e2e npm start: the examples open trusted', () => {
  let started: Started | undefined;
  let browser: BrowserSession | undefined;

  afterEach(async function () {
    this.timeout(60_000);
    await browser?.close();
    browser = undefined;
    await stop(started);
    started = undefined;
  });

  it('npm start: no Restricted Mode, no trust prompt, the ▶ Run lens on rosenbrock.ts; the launcher says trust is off for the examples', async () => {
    started = await npmStart([]);
    assert.match(started.output(), /Workspace trust: off for this instance, which opens the repository's own examples/);
    browser = await launchBrowser();
    const page = browser.page;
    await openWorkbench(page, started.url);
    await quickOpen(page, 'rosenbrock.ts');
    await codeLenses(page, '▶ Run ').first().waitFor({ state: 'visible' });
    assert.equal(await page.locator(RESTRICTED, { hasText: 'Restricted Mode' }).count(), 0, 'no Restricted Mode in the status bar');
    assert.equal(await page.getByText('Do you trust the authors').count(), 0, 'no trust prompt');
  });

  it('npm start -- --restricted: Restricted Mode (trust on, the folder not trusted)', async () => {
    started = await npmStart(['--restricted']);
    assert.match(started.output(), /Workspace trust: on/);
    browser = await launchBrowser();
    const page = browser.page;
    await page.goto(started.url, { waitUntil: 'domcontentloaded' });
    // VS Code asks at once (a modal) or marks the status bar; either says the folder is not trusted.
    await page.getByText('Do you trust the authors').or(page.locator(RESTRICTED, { hasText: 'Restricted Mode' })).first().waitFor({ state: 'visible' });
  });
});
