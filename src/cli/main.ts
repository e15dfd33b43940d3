/**
 * The `lrlab` command (bundled to dist/cli.js; bin/lrlab.js calls main). Every command
 * returns its exit code (see exitCodes.ts); errors print one line
 * `lrlab: file:line:col: message` to stderr.
 */
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isLrLabError } from '../core/errors';
import { onBundlerFallback } from '../core/loader/esbuildApi';
import { usageError } from './args';
import { checkCommand } from './commands/check';
import { explainCommand } from './commands/explain';
import { findLrCommand } from './commands/findLr';
import { gradientCommand } from './commands/gradient';
import { helpCommand, overviewHelp } from './commands/help';
import { listCommand } from './commands/list';
import { runCommand } from './commands/run';
import { scheduleCommand } from './commands/schedule';
import { sweepCommand } from './commands/sweep';
import { EXIT, exitCodeForError } from './exitCodes';
import { endQuietlyWhenOutputCloses, processIO, type CliIO } from './io';
import { displayPath, formatError } from './output/paths';
import { cliLanguage, configureCliL10n } from './l10n';
import { localizedDetail } from '../shared/engineText';

/** The package root (dist/cli.js → ..). */
const packageRoot = path.join(__dirname, '..');

const COMMANDS = ['run', 'find-lr', 'sweep', 'list', 'check', 'gradient', 'schedule', 'explain', 'help'];

export async function main(argvWithLang: readonly string[], io: CliIO = processIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (io === processIO) endQuietlyWhenOutputCloses();
  const { language, args: argv } = cliLanguage(argvWithLang, env);
  configureCliL10n(language, path.join(packageRoot, 'l10n'));
  const fallback = onBundlerFallback((b) => io.err(`lrlab: ${l10n.t('note: {0}', l10n.t('bundling with esbuild-wasm {0}, slower than the native esbuild, whose binary could not start here ({1})', b.version, b.fallbackReason ?? ''))}\n`));
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
        return await firstRun(io);
      case 'run':
        return await runCommand(rest, io);
      case 'find-lr':
        return await findLrCommand(rest, io);
      case 'sweep':
        return await sweepCommand(rest, io);
      case 'list':
        return await listCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'gradient':
        return await gradientCommand(rest, io);
      case 'schedule':
        return await scheduleCommand(rest, io);
      case 'explain':
        return explainCommand(rest, io);
      case 'help':
        return helpCommand(rest, io);
      case '--help':
      case '-h':
        io.out(overviewHelp());
        return EXIT.ok;
      case '--version':
      case '-v':
        io.out(`${packageVersion()}\n`);
        return EXIT.ok;
      default:
        if (/\.[cm]?tsx?$/.test(command)) return await runCommand(argv, io);
        throw usageError(l10n.t('unknown command {0}; commands: {1} (see lrlab --help)', JSON.stringify(command), COMMANDS.join(', ')));
    }
  } catch (e) {
    if (isLrLabError(e)) {
      io.err(`lrlab: ${formatError(e, io.cwd, localizedDetail(e.message, undefined, e))}\n`);
      return exitCodeForError(e.code);
    }
    io.err(`lrlab: ${l10n.t('internal error: {0}', e instanceof Error ? e.message : String(e))}\n`);
    return EXIT.error;
  } finally {
    fallback.dispose();
  }
}

/** `lrlab` alone: a run that shows what LR Lab does, then what to try next. */
async function firstRun(io: CliIO): Promise<number> {
  const example = path.join(packageRoot, 'examples', 'rosenbrock.ts');
  const code = await runCommand([example, '--optimizer', 'adam', '--lr', '0.1', '--iterations', '1000'], io);
  const file = displayPath(example, io.cwd);
  const quadratic = displayPath(path.join(packageRoot, 'examples', 'quadratic.ts'), io.cwd);
  io.out(
    [
      '',
      l10n.t('That was: {0}', `lrlab run ${file} --optimizer adam --lr 0.1 --iterations 1000`),
      l10n.t('Try next:'),
      `  lrlab run ${file} --optimizer sgd --lr 0.002 --set momentum=0.9 --iterations 1000   (${l10n.t('heavy ball along the valley')})`,
      `  lrlab run ${file} --optimizer sgd --lr 0.008                                          (${l10n.t('diverges')})`,
      `  lrlab run ${file} --optimizer adam --lr 0.1 --schedule cosine --iterations 1000 --format csv --out run.csv`,
      `  lrlab list ${quadratic}`,
      `  lrlab help           (${l10n.t('all commands, optimizers and schedules')})`,
      '',
    ].join('\n'),
  );
  return code;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
