/** `lrlab help [COMMAND | optimizers | schedules]` and every command's --help, in the CLI's language (../l10n.ts). */
import { inDisplayLanguage } from '../../shared/cardText';
import { catalogText } from '../../shared/catalogText';
import * as l10n from '@vscode/l10n';
import type { OptionSpec } from '../../core/options';
import { optimizerDefinitions, optimizerTypes } from '../../core/optimizers';
import { scheduleDefinitions, scheduleTypes } from '../../core/schedules';
import { SETTINGS } from '../../shared/defaults';
import { usageError } from '../args';
import { EXIT, exitCodesHelp } from '../exitCodes';
import type { CliIO } from '../io';
import { formatOptionValue } from '../output/options';

/** The overview of `lrlab --help` (looked up when printed: the CLI configures its language first). */
const overview = (): string =>
  l10n.t(`lrlab: run PyTorch-style optimizers and learning-rate schedules on the objective in a TypeScript file

Usage:
  lrlab                        run examples/rosenbrock.ts with Adam and show what to try next
  lrlab run FILE.ts [flags]    minimize an objective of FILE.ts, print the steps (lrlab FILE.ts works too)
  lrlab run --runs S.lrlab.json  run every run of a saved run set again, exactly
  lrlab find-lr FILE.ts        the learning-rate range test (fastai's lr_find) and its suggestions
  lrlab sweep FILE.ts --lr a:b:n   a grid of lr × optimizers × schedules, each cell a run, in parallel
  lrlab list FILE.ts           the objectives FILE.ts exports
  lrlab check FILE.ts          compare an objective's gradients (its grad, the exact one) with finite differences
  lrlab gradient FILE.ts       f and its gradient at a point (exact when LR Lab can differentiate the code)
  lrlab schedule [flags]       the learning rate of every step of a schedule
  lrlab explain NAME           the formula card of an optimizer or schedule: rule, symbols, other libraries, worked examples
  lrlab help [COMMAND]         help for run, find-lr, sweep, list, check, gradient, schedule, explain; also: lrlab help optimizers | schedules

An objective file exports a plain function  /** @x0 [-1.2, 1] */ export function f(x: number[]): number
or an object  export const rosenbrock = { x0: [-1.2, 1], f(x) {…}, grad?(x) {…}, data?, batchSize?, metrics?(x) {…} }.
Without a grad, LR Lab records the exact gradient of f's code (reverse mode); where it cannot follow the
code (an npm package, Math.random, a value turned into a string or used as an index) it says which line and
uses central finite differences. A file with // @lrlab-gradient numeric opts out.
`);

/** Each command's --help, looked up when printed. */
const HELP: Readonly<Record<string, () => string>> = {
  run: () =>
    l10n.t(
      `lrlab run FILE.ts [flags]: minimize an objective of FILE.ts

  --objective NAME      the export to run (default: the file's only objective)
  --config RUN.json     a run config: {"optimizer": {"type": "adam", "lr": 0.01}, "schedule": {...}, "iterations": 500, ...};
                        the JSON itself works too (--config '{"iterations": 500}'); the flags below override it
  --optimizer TYPE      optimizer (PyTorch defaults); another type than the config's replaces its optimizer
  --lr N                base learning rate
  --schedule TYPE       learning-rate schedule with its defaults (horizons default to --iterations)
  --iterations N        maximum number of steps (default {0})
  --x0 A,B,...          starting point (default: the objective's x0 or @x0 tag)
  --seed N              seed of the mini-batch sampler (default {1})
  --batch-size N        items per mini-batch (default: the objective's batchSize, else all data); only for
                        objectives with data
  --eval-every N        mini-batch runs: the loss on all the data every N steps (default: once an epoch);
                        the best loss is the best of these, like the final loss
  --gradient auto|exact|numeric   auto: the objective's grad when it has one, else the exact gradient LR Lab
                        records from the objective's code, else central differences (the run says why);
                        exact: always the recorded gradient; numeric: always central differences
  --set NAME=VALUE      any option, repeatable: --set momentum=0.9 (optimizer), --set schedule.tMax=50,
                        --set betas=0.9,0.99, --set tolerance.gradNorm=1e-6, --set clip.maxNorm=1
  --time-limit S        wall-clock limit of the run in seconds (default {2}); it stops cleanly with its records
  --eval-time-limit S   longest one call of f, grad or metrics (or loading the file) may take, in seconds
                        (default {3}): a call that never returns (an endless loop) ends the run at its line
  --memory-limit MB     heap limit of the objective's worker in MiB (default {4})
  --format table|json|csv   table: selected steps; json: {objective, config, stopReason, detail, summary,
                        error?, records: [{step, lr, loss, gradNorm, fullLoss?, evaluations?, params, averagedParams?, metrics?}]};
                        csv: one row per step
  --out PATH            write the output to PATH instead of stdout (checked before the run)
  --no-typecheck        skip the type check: by default the file's TypeScript errors are printed as
                        warnings at their file:line:col (stderr; json: "typeErrors") and the run goes ahead
  --strict              run only a file without TypeScript errors (else they are errors and exit 1)
  --trace-state N       print the first N optimizer steps on stderr as the panel's step inspector shows them:
                        lr, and per parameter θ, g, the optimizer's state (exp_avg, momentum_buffer, …), its
                        step size and Δθ, every number exact
  --runs S.lrlab.json   run every run of a run set saved from the panel ("Save runs…") again, with its saved
                        config and seed, one after another (no FILE or config flags then); the objective files
                        are found from the set's directory upwards; a file changed since is run with a warning.
                        table: one row per run; json: {runSet, runs: [{label, …the run's json}]}; csv: one row per run

Examples:
  lrlab run examples/rosenbrock.ts --optimizer adam --lr 0.1 --iterations 1000
  lrlab run examples/rosenbrock.ts --optimizer sgd --lr 0.002 --set momentum=0.9 --iterations 1000
  lrlab run examples/quadratic.ts --objective sphere --optimizer sgd --lr 0.5 --format json
`, SETTINGS.iterations.default, SETTINGS.seed.default, SETTINGS.timeLimitSeconds.default, SETTINGS.evalTimeLimitSeconds.default, SETTINGS.memoryLimitMb.default,
    ),
  'find-lr': () =>
    l10n.t(
      `lrlab find-lr FILE.ts [flags]: the learning-rate range test, as fastai's lr_find runs it

From x0, one optimizer step per lr on an exponential ramp from --start-lr to --end-lr over --num-it steps
(lr of step i+1 = start·(end/start)^(i/numIt)), no schedule; the loss smoothed by a debiased moving average
(β 0.98); stops when the smoothed loss exceeds 4 × the best (or is not finite). Suggestions on the smoothed
curve without its first tenth and last 5 steps: valley (fastai's default), steep, minimum (lowest ÷ 10).

  --objective NAME      the export (default: the file's only objective)
  --optimizer TYPE      optimizer (default adam); its own lr is not used
  --set NAME=VALUE      an optimizer option, repeatable: --set momentum=0.9
  --start-lr A          first lr (default 1e-7)
  --end-lr B            the ramp's end (default 10)
  --num-it K            steps (default 100, at least 6)
  --seed N, --x0 A,B,..., --batch-size N, --gradient auto|exact|numeric   as for lrlab run
  --time-limit S, --memory-limit MB
  --format table|json|csv   json: {config, lrs, losses, smoothed, evaluations?, stopReason ("numIt" | "diverged"), detail,
                        suggestions: {valley, steep, minimum}}, one entry per step taken; csv: step,lr,loss,smoothed[,evaluations];
                        evaluations: LBFGS's so far after each step (a step is up to maxIter of them); lrsUsed (csv lrUsed):
                        Prodigy's and D-Adaptation's d·lr per step (their lr multiplies the step size d they estimate)
  --out PATH

Exits 0 when the test ran its ramp or stopped at its rule. Example:
  lrlab find-lr examples/rosenbrock.ts --optimizer sgd --set momentum=0.9 --format json
`,
    ),
  sweep: () =>
    l10n.t(
      `lrlab sweep FILE.ts --lr a:b:n [flags]: every cell of lr × optimizer × schedule (× seed) as a full run

Cells run in parallel on worker threads (the same worker, limits and stop as lrlab run); a cell's numbers
are exactly those of lrlab run with the same config and seed.

  --lr a:b:n | L1,L2,…  n log-spaced lrs from a to b (1e-4:1:9 = 9 values), or a list (required)
  --optimizer O1,O2,…   optimizers (default adam)
  --schedule S1,S2,…    schedules (default constant); horizons default to --iterations
  --seed N1,N2,…        seeds of the mini-batch sampler (default 0)
  --iterations N        steps per cell (default {0})
  --jobs K              cells at once (default: the cores of this machine)
  --target-loss T       also count each cell's steps to reach loss ≤ T
  --set NAME=VALUE      momentum=0.9 (every swept optimizer that has it), sgd.momentum=0.9 (that one),
                        schedule.tMax=50 (every swept schedule that has it), cosine.etaMin=1e-4, tolerance.gradNorm=1e-6
  --config RUN.json, --objective NAME, --x0, --batch-size, --gradient   as for lrlab run
  --time-limit S        per cell; --memory-limit MB per cell's worker
  --format table|json|csv   table: final loss per optimizer·schedule × lr; json: {objective, jobs, wallTimeMs,
                        cells: [{optimizer, schedule, lr, seed, finalLoss, bestLoss, steps, evaluations?, stopReason, ms,
                        detail}]}; evaluations: LBFGS's (a step is up to maxIter of them)
  --out PATH

Exits 0 when every cell ran (diverged cells included: that is an answer), 1 when a cell hit an error.
Example:
  lrlab sweep examples/rosenbrock.ts --lr 1e-4:1:9 --optimizer sgd,adam --schedule constant,cosine --iterations 500
`, SETTINGS.iterations.default,
    ),
  list: () =>
    l10n.t(
      `lrlab list FILE.ts [--format table|json]: the objectives FILE.ts exports

Shows each objective's name, form (function or object), dimension, gradient in a run (user: its own
grad; exact: recorded from its code; numeric: central differences, with the reason the exact gradient
cannot be had), whether it is stochastic (mini-batch data), whether it has metrics, and its line.
The exact gradient is tried at the objective's starting point. Also: --time-limit S, --eval-time-limit S,
--memory-limit MB.
`,
    ),
  check: () =>
    l10n.t(
      `lrlab check FILE.ts [flags]: compare an objective's gradients with central finite differences

Compares, where they exist: its grad with finite differences, the exact gradient LR Lab records
with finite differences, and its grad with the exact gradient (which finds a wrong grad without
the noise of finite differences). On the whole data set in mini-batch form.

  --objective NAME      the export to check (default: the file's only objective)
  --x0 A,B,...          where to check (default: the objective's x0); avoid minima, where differences are noisy
  --tolerance T         relative tolerance per component (default 1e-6)
  --format table|json   json: {objective, ok, ...the first comparison, comparisons: [{candidate, reference, result}], exact}
  --time-limit S, --eval-time-limit S, --memory-limit MB

Exits with 1 when a component disagrees in any comparison, and names the worst one.
`,
    ),
  gradient: () =>
    l10n.t(
      `lrlab gradient FILE.ts [flags]: f and its gradient at a point

  --objective NAME      the export (default: the file's only objective)
  --at A,B,...          where (default: the objective's x0 or @x0 tag); on the whole data set in mini-batch form
  --gradient auto|exact|numeric   auto (default): its grad, else exact, else central differences with the reason;
                        exact: the recorded gradient or an error saying why it cannot be had; numeric: central differences
  --format json|table   json (default): {"objective", "at", "value", "gradient", "source": "user"|"exact"|"numeric",
                        "reason" (only when it fell back)}
  --time-limit S, --eval-time-limit S, --memory-limit MB

Example: lrlab gradient examples/beale.ts --at 3,0.5
`,
    ),
  explain: () =>
    l10n.t(
      `lrlab explain OPTIMIZER|SCHEDULE [--format text|json]: the formula card

The update rule (or the schedule's formula), each symbol with its option and PyTorch's default, how
Keras, TF.js and Optax differ, the flavours a run can take (--set flavor=keras|tfjs|optax), and worked
examples computed by the engine, with the textbook numbers they correct and why. The panel shows the
same card beside the controls.

  --format text|json    json: {kind, type, title, summary, reference, formula, tex, symbols: [{tex, text,
                        option, index?, default, doc}], differsFrom?, flavors, examples: [{title, setup,
                        columns, rows, claims}]}; without NAME, --format json prints every card

Examples:
  lrlab explain adagrad
  lrlab explain cosine --format json
`,
    ),
  schedule: () =>
    l10n.t(
      `lrlab schedule [flags]: the learning rate of every step of a schedule (nothing is run)

  --schedule TYPE       a schedule with its defaults, or
  --config FILE.json    a schedule config {"type": "cosine", "tMax": 100} (or a run config's "schedule");
                        the JSON itself works too: --config '{"type": "step", "stepSize": 30}'
  --set NAME=VALUE      a schedule option, repeatable: --set tMax=50 --set etaMin=0.001
  --lr BASE             the base learning rate (required)
  --steps N             number of optimizer steps (required); horizons default to it
  --metrics M1,M2,...   plateau: the loss reported after each step (metrics[i] after step i+1)
  --losses L1,...       lossBased: the loss where each step starts
  --grad-norms G1,...   gradientBased: the gradient norm where each step starts
  --format json|table|csv   json (default): {"schedule", "lr", "steps", "lrs"}; lrs[i] is the lr of step i+1
  --out PATH

Example: lrlab schedule --schedule cosine --lr 0.1 --steps 100 --set etaMin=0.001 --format table
`,
    ),
};

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options).map(([name, spec]) => {
    const fixed = typeof spec.default === 'function' ? '' : ` = ${formatOptionValue(spec.default)}`;
    return `    ${name}${fixed}: ${inDisplayLanguage(spec.doc)}`;
  });
}

function catalog(kind: 'optimizers' | 'schedules'): string {
  const lines: string[] = [];
  const entries = kind === 'optimizers' ? optimizerTypes.map((t) => optimizerDefinitions[t]) : scheduleTypes.map((t) => scheduleDefinitions[t]);
  for (const d of entries) {
    const words = catalogText(kind === 'optimizers' ? 'optimizer' : 'schedule', d);
    lines.push(`${d.type}: ${words.title} (${d.reference})`, `  ${words.summary}`, `  ${inDisplayLanguage(d.formula).split('\n').join('\n  ')}`);
    lines.push(...optionLines(d.options as Readonly<Record<string, OptionSpec>>), '');
  }
  return lines.join('\n');
}

function namesLine(label: string, names: readonly string[]): string {
  return `${label}: ${names.join(', ')}`;
}

/** The overview: commands, optimizers, schedules, exit codes. */
export function overviewHelp(): string {
  return [overview(), namesLine(l10n.t('Optimizers (lrlab help optimizers)'), optimizerTypes), namesLine(l10n.t('Schedules (lrlab help schedules)'), scheduleTypes), '', l10n.t('Exit codes:'), exitCodesHelp(), ''].join('\n');
}

export function commandHelp(command: string): string {
  return HELP[command]!();
}

export function helpCommand(args: readonly string[], io: CliIO): number {
  const topic = args[0];
  if (topic === undefined) io.out(overviewHelp());
  else if (topic === 'optimizers' || topic === 'schedules') io.out(catalog(topic));
  else if (HELP[topic] !== undefined) io.out(HELP[topic]());
  else throw usageError(l10n.t('no help on {0}; topics: run, find-lr, sweep, list, check, gradient, schedule, explain, optimizers, schedules', JSON.stringify(topic)));
  return EXIT.ok;
}
