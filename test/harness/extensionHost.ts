/**
 * Runs a mocha suite inside code-server's extension host: the `@vscode/test-electron` contract
 * (`extensionTestsPath` exports `run(): Promise<void>`) without a VS Code download. code-server
 * has no `--extensionTestsPath` flag, but with `--vscode-option enable-smoke-test-driver` the web
 * workbench takes the same options from the `payload` URL parameter; the extension host's console
 * arrives in the page through `codeAutomationLog` and the result through `codeAutomationExit`.
 */
import { resolve } from 'node:path';
import { format, inspect } from 'node:util';
import { launchBrowser, type BrowserSession } from './browser';
import { interrupted } from './cleanup';
import { startCodeServer, type CodeServer } from './codeServer';

export interface ExtensionTestsOptions {
  /** The extension under development (the folder with its package.json). */
  extensionDevelopmentPath: string;
  /** The bundled test entry (`run(): Promise<void>`), e.g. `out/integration/index.js`. */
  extensionTestsPath: string;
  /** The folder the workbench opens. */
  workspace: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
  /** Extra `.vsix` files installed first. */
  vsix?: readonly string[];
  /** Workspace trust on (default off). */
  workspaceTrust?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Whole-run limit, in ms (default 10 minutes). */
  timeoutMs?: number;
  /** Where the extension host's console goes (default: stdout; errors to stderr). */
  log?: (level: string, text: string) => void;
}

export interface ExtensionTestsResult {
  /** The extension host's exit code: 0 when `run()` resolved. */
  readonly code: number;
  readonly seconds: number;
}

/**
 * The workbench's own log arrives through the same channel as the extension host's console; these
 * lines of it say nothing about the tests (`LRLAB_HARNESS_VERBOSE=1` shows them all the same).
 */
const WORKBENCH_NOISE = new RegExp(
  [
    '^\\[(driver|perf|Service Worker|AgentHost[^\\]]*|AccountPolicyGate|reconnection-grace-time)\\]',
    '^(Resolving|Resolved) connection token',
    '^Creating a socket',
    '^Ignoring fetching additional builtin extensions',
    '^Updating additional builtin extensions cache',
    // Pending requests cancelled while the extension host shuts down after the run.
    '^Canceled: Canceled',
  ].join('|'),
);

function defaultLog(level: string, text: string): void {
  if (level === 'error') process.stderr.write(`${text}\n`);
  else process.stdout.write(`${text}\n`);
}

/** The console call's arguments as the console prints them (mocha's reporter passes printf formats). */
function formatArgs(args: unknown): string {
  if (!Array.isArray(args)) return typeof args === 'string' ? args : inspect(args);
  return typeof args[0] === 'string' ? format(args[0], ...args.slice(1)) : args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
}

/** Starts code-server and chromium, runs the suite, stops both; resolves with the exit code. */
export async function runExtensionTests(options: ExtensionTestsOptions): Promise<ExtensionTestsResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const log = options.log ?? defaultLog;
  const verbose = process.env.LRLAB_HARNESS_VERBOSE === '1';
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let failed = true;
  try {
    server = await startCodeServer({
      smokeTestDriver: true,
      workspaceTrust: options.workspaceTrust ?? false,
      ...(options.vsix ? { vsix: options.vsix } : {}),
      ...(options.settings ? { settings: options.settings } : {}),
    });
    browser = await launchBrowser();
    const { page } = browser;

    let settle: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolveExit) => (settle = resolveExit));
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const text = formatArgs(args);
      if (verbose || !WORKBENCH_NOISE.test(text)) log(level, text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    page.on('crash', () => {
      log('error', '[harness] the workbench page crashed');
      settle(1);
    });

    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(options.extensionDevelopmentPath)],
      ['extensionTestsPath', server.remoteUri(options.extensionTestsPath)],
    ];
    if (options.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnvironment)]);
    await page.goto(server.workbenchUrl(resolve(options.workspace), payload), { waitUntil: 'domcontentloaded' });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolveTimeout) => {
      timer = setTimeout(() => {
        log('error', `[harness] the extension host tests did not finish within ${Math.round(timeoutMs / 1000)} s`);
        resolveTimeout(124);
      }, timeoutMs);
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    failed = code !== 0;
    if (failed && code !== 124) log('error', `[harness] extension host exited with code ${code}`);
    return { code, seconds: (performance.now() - started) / 1000 };
  } finally {
    await browser?.close();
    if (failed && server && !interrupted()) log('error', `[harness] last lines of the code-server log:\n${server.logTail(30)}`);
    await server?.stop({ keepScratch: failed });
  }
}
