/**
 * Learning-rate code for a user's file from a resolved schedule config: the engine's kernels
 * (lifted verbatim, see extract.ts) and a documented wrapper that calls them with the
 * config's values. Nothing here is written per schedule: each kernel parameter is bound by
 * its name —
 *  - `t` → the step (minus the offsets of enclosing warmups and sequential segments),
 *  - an option of the config → its value as a literal (a tab stop in the snippet),
 *  - `baseLr` (when not an option, as it is for `cyclic`) → the optimizer's base lr,
 *  - `loss`, `gradNorm` → parameters of the wrapper,
 *  - `state`, `metric` → the state and metric of a metric schedule (`plateau`),
 *  - `innerLr0` (warmup) → the inner schedule's lr at its step 0.
 * Composites follow the engine: `warmup` is `step < W ? warmupLr(step, inner(0), W, s) :
 * inner(step − W)`; `sequential` is a chain of `step < m_i ? …` with each schedule on its own
 * clock; `constant` is the base lr. A schedule that reads a metric (`plateau`) makes the
 * wrapper a factory of `{ lr(...), report(...) }` with its state in a closure.
 */
import { LrLabError } from '../errors';
import type { OptionSpec } from '../options';
import type { ScheduleConfig } from '../schedules/types';
import { docComment } from './docComment';
import { checkIdentifier, emitKernels, NameAllocator } from './emitKernels';
import { atom, cond, inline, layout, type Expr } from './expr';
import { kernelSources } from './kernelSources.generated';
import { numberLiteral, valueLiteral } from './literal';
import { joinPieces, pieces, placeholder, renderSnippet, renderText, type Piece, type Pieces, type Placeholder } from './pieces';
import { describe, PARAM_DOCS, titleOf } from './scheduleDocs';
import { checkResolved, definitionOf, isNested, nestedConfigs, ROOT, specsOf, type Definition } from './scheduleTree';
import type { GeneratedCode, KernelTable, ScheduleInput } from './types';

export interface ScheduleCodeOptions {
  /** The wrapper's name (default 'learningRate', or 'createLearningRate' for a stateful schedule). Renamed with a suffix when reserved. */
  readonly functionName?: string;
  /** Top-level names already in the user's file: generated declarations avoid them (`cosineLr2`, `learningRate2`, …). */
  readonly reservedNames?: ReadonlySet<string>;
  /** Export the wrapper (default true). The kernels are always file-local. */
  readonly exported?: boolean;
  /** Declarations already in the file, by name: a kernel declared there identically is reused instead of emitted again (see emitKernels). */
  readonly existingDeclarations?: ReadonlyMap<string, string>;
  /** The kernel table (default: the committed kernelSources; `npm run generate` passes a fresh extraction). */
  readonly kernels?: KernelTable;
}

const INPUT_ORDER: readonly ScheduleInput[] = ['step', 'loss', 'gradNorm'];
const BASE_KEY = 'baseLr';

/** The step a nested schedule sees: `step`, `0`, or `step - W - m`. */
interface StepExpr {
  readonly pieces: Pieces;
  readonly usesStep: boolean;
}

const STEP: StepExpr = { pieces: ['step'], usesStep: true };
const ZERO: StepExpr = { pieces: ['0'], usesStep: false };

/** One metric schedule's state in the stateful wrapper. */
interface StateSlot {
  readonly variable: string;
  readonly init: Pieces;
  report: Pieces | null;
  /** When the metric reaches this schedule (all must hold): the warmup is over, its sequential segment is active. */
  conditions: readonly Pieces[];
}

const isMetric = (definition: Definition): boolean => definition.dependsOn === 'metric';

/** The kernels a schedule's code calls, in order of first use, and the paths of its metric schedules. */
function collect(config: ScheduleConfig, path: string, kernels: KernelTable, roots: string[], metricPaths: string[]): void {
  const definition = definitionOf(config, path);
  checkResolved(config, definition, path);
  const need = (name: string): void => {
    if (!kernels[name]) throw new LrLabError('invalidConfig', `schedule ${definition.type} has no kernel ${name} in the kernel table (run npm run generate)`);
    if (!roots.includes(name)) roots.push(name);
  };
  const type = definition.type;
  if (type === 'warmup') need('warmupLr');
  else if (type === 'constant' || type === 'sequential') {
    // constant is the base lr itself; sequential is a chain of conditionals.
  } else if (specsOf(definition).some(([, spec]) => isNested(spec))) {
    throw new LrLabError('invalidConfig', `no code generator for the composite schedule ${type} (only warmup and sequential nest schedules)`);
  } else if (isMetric(definition)) {
    need(`${type}InitialState`);
    need(`${type}Report`);
    metricPaths.push(path);
  } else {
    need(`${type}Lr`);
  }
  for (const child of nestedConfigs(config, definition, path)) collect(child.config, child.path, kernels, roots, metricPaths);
}

/** Builds the wrapper's expression, recording which inputs and states it uses. */
class WrapperBuilder {
  readonly inputs = new Set<ScheduleInput>();
  readonly slots = new Map<string, StateSlot>();
  private readonly base: Placeholder;
  private baseUsed = false;

  constructor(
    private readonly kernels: KernelTable,
    private readonly names: ReadonlyMap<string, string>,
    baseLr: number,
    private readonly stateNames: ReadonlyMap<string, string>,
  ) {
    this.base = placeholder(BASE_KEY, numberLiteral(baseLr));
  }

  /** Whether the code reads the optimizer's base lr (oneCycle and cyclic do not). */
  get usesBase(): boolean {
    return this.baseUsed;
  }

  private baseLr(): Pieces {
    this.baseUsed = true;
    return [this.base];
  }

  private step(step: StepExpr): Pieces {
    if (step.usesStep) this.inputs.add('step');
    return step.pieces;
  }

  private input(name: 'loss' | 'gradNorm'): Pieces {
    this.inputs.add(name);
    return [name];
  }

  /** `kernel(args)` with each parameter bound by its name (see the module comment). */
  private call(kernel: string, config: ScheduleConfig, definition: Definition, path: string, bindings: Readonly<Record<string, () => Pieces>>): Piece[] {
    const options = definition.options as Record<string, OptionSpec>;
    const args = this.kernels[kernel]!.params.map((param): Pieces => {
      const bound = bindings[param.name];
      if (bound) return bound();
      const spec = Object.prototype.hasOwnProperty.call(options, param.name) ? options[param.name]! : undefined;
      if (spec && !isNested(spec)) return [placeholder(`${path}.${param.name}`, valueLiteral(config[param.name], `${path}.${param.name}`))];
      if (param.name === 'baseLr') return this.baseLr();
      throw new LrLabError(
        'invalidConfig',
        `cannot generate a call of ${kernel}: its parameter ${param.name} is neither an option of schedule ${definition.type} nor one of t, baseLr, loss, gradNorm, state, metric`,
      );
    });
    return pieces(this.names.get(kernel) ?? kernel, '(', joinPieces(args, ', '), ')');
  }

  /**
   * The lr of `config` at `step`. `live`: this is the branch the schedule really runs in (not a
   * warmup's look at its inner schedule's step 0), so a metric schedule's report is routed here
   * under `conditions`.
   */
  lr(config: ScheduleConfig, path: string, step: StepExpr, live: boolean, conditions: readonly Pieces[]): Expr {
    const definition = definitionOf(config, path);
    const type = definition.type;
    if (type === 'constant') return atom(this.baseLr());
    if (type === 'warmup') return this.warmup(config, definition, path, step, live, conditions);
    if (type === 'sequential') return this.sequential(config, path, step, live, conditions);
    if (isMetric(definition)) return this.metric(config, definition, path, step, live, conditions);
    return atom(
      this.call(`${type}Lr`, config, definition, path, {
        t: () => this.step(step),
        loss: () => this.input('loss'),
        gradNorm: () => this.input('gradNorm'),
      }),
    );
  }

  private warmup(config: ScheduleConfig, definition: Definition, path: string, step: StepExpr, live: boolean, conditions: readonly Pieces[]): Expr {
    const warmupSteps = placeholder(`${path}.warmupSteps`, valueLiteral(config.warmupSteps, `${path}.warmupSteps`));
    const inner = config.schedule as ScheduleConfig;
    const innerPath = `${path}.schedule`;
    const atZero = this.lr(inner, innerPath, ZERO, false, []);
    const ramp = atom(
      this.call('warmupLr', config, definition, path, {
        t: () => this.step(step),
        innerLr0: () => inline(atZero),
      }),
    );
    const after: StepExpr = { pieces: pieces(step.pieces, ' - ', warmupSteps), usesStep: step.usesStep };
    const rest = this.lr(inner, innerPath, after, live, [...conditions, pieces(step.pieces, ' >= ', warmupSteps)]);
    return cond(pieces(this.step(step), ' < ', warmupSteps), ramp, rest);
  }

  private sequential(config: ScheduleConfig, path: string, step: StepExpr, live: boolean, conditions: readonly Pieces[]): Expr {
    const schedules = config.schedules as readonly ScheduleConfig[];
    const milestones = (config.milestones as readonly number[]).map((m, i) => placeholder(`${path}.milestones[${i}]`, numberLiteral(m)));
    const segment = (i: number): Expr => {
      const start = i === 0 ? null : milestones[i - 1]!;
      const clock: StepExpr = start === null ? step : { pieces: pieces(step.pieces, ' - ', start), usesStep: step.usesStep };
      const when = [...conditions];
      if (start !== null) when.push(pieces(step.pieces, ' >= ', start));
      if (i < milestones.length) when.push(pieces(step.pieces, ' < ', milestones[i]!));
      return this.lr(schedules[i]!, `${path}.schedules[${i}]`, clock, live, when);
    };
    const chain = (i: number): Expr => (i === milestones.length ? segment(i) : cond(pieces(this.step(step), ' < ', milestones[i]!), segment(i), chain(i + 1)));
    return chain(0);
  }

  private metric(config: ScheduleConfig, definition: Definition, path: string, step: StepExpr, live: boolean, conditions: readonly Pieces[]): Expr {
    const type = definition.type;
    let slot = this.slots.get(path);
    if (!slot) {
      const variable = this.stateNames.get(path)!;
      slot = { variable, init: this.call(`${type}InitialState`, config, definition, path, {}), report: null, conditions: [] };
      this.slots.set(path, slot);
    }
    if (live) {
      const variable = slot.variable;
      slot.report = this.call(`${type}Report`, config, definition, path, { state: () => [variable], metric: () => ['metric'], t: () => this.step(step) });
      slot.conditions = conditions;
    }
    return atom(`${slot.variable}.lr`);
  }
}

const typed = (names: readonly string[]): string => names.map((n) => `${n}: number`).join(', ');

/**
 * Self-contained TypeScript for the schedule `config` (resolved, see resolveScheduleConfig)
 * run from base lr `baseLr`: the kernels it needs, then a documented wrapper that gives, step
 * for step, the lr LR Lab's engine gives (`createSchedule(config, baseLr).lrAt`). Throws
 * LrLabError('invalidConfig') for an unresolved config, a bad base lr or function name.
 */
export function scheduleCode(config: ScheduleConfig, baseLr: number, options: ScheduleCodeOptions = {}): GeneratedCode {
  if (!Number.isFinite(baseLr) || baseLr < 0) {
    throw new LrLabError('invalidConfig', `the base lr of generated schedule code must be a finite number ≥ 0 (got ${baseLr})`);
  }
  const kernels = options.kernels ?? kernelSources;
  const roots: string[] = [];
  const metricPaths: string[] = [];
  collect(config, ROOT, kernels, roots, metricPaths);
  const stateful = metricPaths.length > 0;

  const allocator = new NameAllocator(options.reservedNames);
  const wanted = checkIdentifier(options.functionName ?? (stateful ? 'createLearningRate' : 'learningRate'), 'the generated function name');
  const functionName = allocator.take(wanted);
  const emitted = emitKernels(kernels, roots, allocator, { exported: false, ...(options.existingDeclarations ? { existingDeclarations: options.existingDeclarations } : {}) });

  // Closure-local state names avoid every top-level name in play.
  const locals = new NameAllocator(new Set([...(options.reservedNames ?? []), functionName, ...emitted.names.values(), 'step', 'loss', 'gradNorm', 'metric']));
  const stateNames = new Map(metricPaths.map((path) => [path, locals.take(metricPaths.length === 1 ? 'state' : `state${metricPaths.indexOf(path) + 1}`)]));

  const builder = new WrapperBuilder(kernels, emitted.names, baseLr, stateNames);
  const expr = builder.lr(config, ROOT, STEP, true, []);
  const parameters = INPUT_ORDER.filter((input) => builder.inputs.has(input));
  const slots = [...builder.slots.values()];
  const reportParameters: ('step' | 'metric')[] = slots.some((s) => s.conditions.length > 0) ? ['step', 'metric'] : ['metric'];

  const exportKeyword = options.exported === false ? '' : 'export ';
  const title = titleOf(config);
  const docLines = [
    stateful ? `The learning rate of each optimizer step under ${title}, as LR Lab's engine computes it, with the state it keeps.` : `The learning rate of each optimizer step under ${title}, as LR Lab's engine computes it.`,
    '',
    ...describe(config),
    ...(builder.usesBase ? ['', 'base is the optimizer’s base learning rate (written in as a literal).'] : []),
    '',
  ];
  let wrapper: Piece[];
  if (!stateful) {
    docLines.push(...parameters.map((p) => `@param ${p} - ${PARAM_DOCS[p]}`), '@returns The learning rate of the step.');
    docLines.push('', 'Generated by LR Lab from its engine’s definition of this schedule; it gives the same lr as LR Lab, step for step.');
    wrapper = pieces(docComment(docLines), '\n', `${exportKeyword}function ${functionName}(${typed(parameters)}): number {\n  return `, layout(expr, 2), ';\n}');
  } else {
    docLines.push(
      `Returns \`{ lr, report }\` with the state in a closure (one per run): \`lr(${parameters.join(', ')})\` gives the lr of a step;`,
      `call \`report(${reportParameters.join(', ')})\` after every optimizer step, as PyTorch's \`scheduler.step(loss)\`.`,
      ...parameters.map((p) => `- lr's ${p}: ${PARAM_DOCS[p]}`),
      ...reportParameters.map((p) => `- report's ${p}: ${p === 'step' ? 'The 0-based step just taken (the same number given to lr for it).' : PARAM_DOCS.metric}`),
      '',
      'Generated by LR Lab from its engine’s definition of this schedule; it gives the same lr as LR Lab, step for step.',
    );
    const signature = `{ lr(${typed(parameters)}): number; report(${typed(reportParameters)}): void }`;
    const inits = slots.flatMap((s) => pieces(`  let ${s.variable} = `, s.init, ';\n'));
    const reports = slots.flatMap((s) => {
      if (!s.report) return [];
      const assign = pieces(`${s.variable} = `, s.report, ';');
      return s.conditions.length === 0 ? pieces('      ', assign, '\n') : pieces('      if (', joinPieces(s.conditions, ' && '), ') ', assign, '\n');
    });
    wrapper = pieces(
      docComment(docLines),
      '\n',
      `${exportKeyword}function ${functionName}(): ${signature} {\n`,
      inits,
      '  return {\n',
      `    lr(${typed(parameters)}): number {\n      return `,
      layout(expr, 6),
      ';\n    },\n',
      `    report(${typed(reportParameters)}): void {\n`,
      reports,
      '    },\n  };\n}',
    );
  }
  const all = pieces(emitted.text === '' ? '' : `${emitted.text}\n\n`, wrapper, '\n');
  return {
    text: renderText(all),
    snippet: renderSnippet(all),
    functionName,
    parameters,
    kind: stateful ? 'stateful' : 'function',
    reportParameters: stateful ? reportParameters : [],
    declaredNames: [...emitted.declared, functionName],
  };
}
