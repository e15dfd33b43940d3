/**
 * The test: every generated schedule snippet compiles with the TypeScript compiler
 * (strict, in one program, no errors), and evaluated it gives the engine's lr for steps
 * 0…N (N ≥ 2 × every horizon in the config) to 1e-12 relative, for several parameter sets
 * per schedule type: defaults for a few run lengths, edge tables, and random valid configs.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scheduleCode } from '../../../../src/core/codegen';
import type { GeneratedCode } from '../../../../src/core/codegen/types';
import { createSchedule, resolveScheduleConfig, scheduleTypes } from '../../../../src/core/schedules';
import type { Observation, ScheduleConfig } from '../../../../src/core/schedules/types';
import * as arb from '../schedules/arbitraries';
import { compileDiagnostics, evaluateModule, importsOf, parseSnippet, seededUniform } from './harness';

interface Case {
  readonly label: string;
  readonly raw: object;
  readonly baseLr: number;
  readonly totalSteps: number;
}

const DEFAULT_RUNS = [1, 7, 100];

/** Defaults of every type for a few run lengths (the horizons follow totalSteps). */
const defaultCases: Case[] = scheduleTypes.flatMap((type) => DEFAULT_RUNS.map((totalSteps) => ({ label: `${type} defaults, ${totalSteps} steps`, raw: { type }, baseLr: 0.01, totalSteps })));

/** Edge values the defaults do not reach. */
const edgeCases: Case[] = [
  { label: 'step: stepSize 1, gamma 0.5', raw: { type: 'step', stepSize: 1, gamma: 0.5 }, baseLr: 1, totalSteps: 20 },
  { label: 'step: gamma > 1', raw: { type: 'step', stepSize: 3, gamma: 1.5 }, baseLr: 0.1, totalSteps: 30 },
  { label: 'multiStep: milestone 0 and empty tail', raw: { type: 'multiStep', milestones: [0, 1, 5, 40], gamma: 0.3 }, baseLr: 2, totalSteps: 30 },
  { label: 'multiStep: no milestones', raw: { type: 'multiStep', milestones: [], gamma: 0.3 }, baseLr: 2, totalSteps: 10 },
  { label: 'exponential: gamma 1e-3', raw: { type: 'exponential', gamma: 1e-3 }, baseLr: 0.5, totalSteps: 40 },
  { label: 'inverseTime: staircase, fractional decaySteps', raw: { type: 'inverseTime', decayRate: 0.7, decaySteps: 2.5, staircase: true }, baseLr: 0.3, totalSteps: 40 },
  { label: 'inverseTime: decayRate 0', raw: { type: 'inverseTime', decayRate: 0, decaySteps: 3 }, baseLr: 0.3, totalSteps: 10 },
  { label: 'linear: decay to 0', raw: { type: 'linear', startFactor: 1, endFactor: 0, totalIters: 13 }, baseLr: 0.1, totalSteps: 20 },
  { label: 'linear: startFactor 0, totalIters 1', raw: { type: 'linear', startFactor: 0, endFactor: 1, totalIters: 1 }, baseLr: 0.1, totalSteps: 5 },
  { label: 'polynomial: power 0', raw: { type: 'polynomial', totalIters: 9, power: 0 }, baseLr: 0.1, totalSteps: 20 },
  { label: 'polynomial: power 2.5', raw: { type: 'polynomial', totalIters: 17, power: 2.5 }, baseLr: 0.1, totalSteps: 20 },
  { label: 'cosine: etaMin > 0, tMax 1', raw: { type: 'cosine', tMax: 1, etaMin: 0.001 }, baseLr: 0.01, totalSteps: 10 },
  { label: 'cosine: tMax 50 with 1/3 etaMin', raw: { type: 'cosine', tMax: 50, etaMin: 1 / 3 }, baseLr: 1, totalSteps: 10 },
  { label: 'cosineWarmRestarts: tMult 2', raw: { type: 'cosineWarmRestarts', t0: 3, tMult: 2, etaMin: 1e-4 }, baseLr: 0.1, totalSteps: 100 },
  { label: 'cosineWarmRestarts: t0 1, tMult 3', raw: { type: 'cosineWarmRestarts', t0: 1, tMult: 3 }, baseLr: 0.1, totalSteps: 60 },
  { label: 'oneCycle: three phases, linear', raw: { type: 'oneCycle', maxLr: 0.2, totalSteps: 40, pctStart: 0.25, annealStrategy: 'linear', threePhase: true }, baseLr: 0.01, totalSteps: 40 },
  { label: 'oneCycle: pctStart 0', raw: { type: 'oneCycle', maxLr: 0.2, totalSteps: 20, pctStart: 0 }, baseLr: 0.01, totalSteps: 20 },
  { label: 'oneCycle: pctStart 1', raw: { type: 'oneCycle', maxLr: 0.2, totalSteps: 20, pctStart: 1, divFactor: 3, finalDivFactor: 7 }, baseLr: 0.01, totalSteps: 20 },
  { label: 'cyclic: triangular2, stepSizeDown 0', raw: { type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeUp: 4, stepSizeDown: 0, mode: 'triangular2' }, baseLr: 0.05, totalSteps: 40 },
  { label: 'cyclic: expRange', raw: { type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeUp: 3, stepSizeDown: 5, mode: 'expRange', gamma: 0.97 }, baseLr: 0.05, totalSteps: 40 },
  { label: 'warmup: 0 warmup steps', raw: { type: 'warmup', warmupSteps: 0, schedule: { type: 'cosine' } }, baseLr: 0.1, totalSteps: 30 },
  { label: 'warmup: startFactor 0 before step decay', raw: { type: 'warmup', warmupSteps: 7, startFactor: 0, schedule: { type: 'step', stepSize: 4 } }, baseLr: 0.1, totalSteps: 30 },
  { label: 'warmup of lossBased', raw: { type: 'warmup', warmupSteps: 5, schedule: { type: 'lossBased', beta: 2 } }, baseLr: 0.1, totalSteps: 30 },
  { label: 'warmup of plateau', raw: { type: 'warmup', warmupSteps: 6, schedule: { type: 'plateau', patience: 2 } }, baseLr: 0.1, totalSteps: 40 },
  { label: 'warmup of warmup of cosine', raw: { type: 'warmup', warmupSteps: 3, schedule: { type: 'warmup', warmupSteps: 4, schedule: { type: 'cosine' } } }, baseLr: 0.1, totalSteps: 30 },
  { label: 'lossBased: beta 0', raw: { type: 'lossBased', beta: 0 }, baseLr: 0.1, totalSteps: 10 },
  { label: 'gradientBased: beta 1e-3', raw: { type: 'gradientBased', beta: 1e-3 }, baseLr: 0.1, totalSteps: 10 },
  { label: 'plateau: max mode, abs, cooldown', raw: { type: 'plateau', mode: 'max', thresholdMode: 'abs', threshold: 0.01, patience: 1, cooldown: 2, factor: 0.5, minLr: 0.002 }, baseLr: 0.1, totalSteps: 60 },
  { label: 'plateau: patience 0, factor 0', raw: { type: 'plateau', patience: 0, factor: 0, eps: 0 }, baseLr: 0.1, totalSteps: 30 },
  {
    label: 'sequential: plateau, lossBased, warmup of plateau',
    raw: { type: 'sequential', schedules: [{ type: 'plateau', patience: 1 }, { type: 'lossBased' }, { type: 'warmup', warmupSteps: 3, schedule: { type: 'plateau', mode: 'max', patience: 0 } }], milestones: [10, 25] },
    baseLr: 0.1,
    totalSteps: 50,
  },
  { label: 'sequential: one schedule', raw: { type: 'sequential', schedules: [{ type: 'exponential', gamma: 0.9 }], milestones: [] }, baseLr: 0.1, totalSteps: 20 },
  {
    label: 'sequential: nested sequential and gradientBased',
    raw: { type: 'sequential', schedules: [{ type: 'sequential', schedules: [{ type: 'linear' }, { type: 'constant' }], milestones: [3] }, { type: 'gradientBased', beta: 0.5 }, { type: 'oneCycle' }], milestones: [8, 9] },
    baseLr: 0.1,
    totalSteps: 40,
  },
];

/** Random valid configs (the schedule property tests' generators), one seed so failures reproduce. */
const randomCases: Case[] = fc
  .sample(fc.tuple(arb.anyConfig, arb.baseLr, fc.integer({ min: 1, max: 120 })), { numRuns: 120, seed: 20240611 })
  .map(([raw, baseLr, totalSteps], i) => ({ label: `random #${i}: ${(raw as { type: string }).type}`, raw: raw as object, baseLr, totalSteps }));

const cases: Case[] = [...defaultCases, ...edgeCases, ...randomCases];

/** The largest integer option anywhere in the config (tMax, milestones, totalIters, …), capped. */
function horizonOf(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) ? Math.min(value, 3000) : 0;
  if (Array.isArray(value)) return Math.max(0, ...value.map(horizonOf));
  if (value !== null && typeof value === 'object') return Math.max(0, ...Object.entries(value).map(([k, v]) => (k === 'type' ? 0 : horizonOf(v))));
  return 0;
}

/** Losses (some negative, some large), gradient norms and metrics: falling, then a plateau with noise, then rising. */
function signals(seed: number, steps: number): { observations: Observation[]; metrics: number[] } {
  const u = seededUniform(seed);
  const observations: Observation[] = [];
  const metrics: number[] = [];
  for (let t = 0; t < steps; t++) {
    observations.push({ loss: u() < 0.05 ? -u() : 100 * u() * u(), gradNorm: 30 * u() });
    const phase = t / steps;
    metrics.push(phase < 0.3 ? 10 / (1 + t) : phase < 0.7 ? 1 + 0.01 * (u() - 0.5) : 1 + (phase - 0.7) * 5 * u());
  }
  return { observations, metrics };
}

interface Prepared extends Case {
  readonly config: ScheduleConfig;
  readonly code: GeneratedCode;
  readonly steps: number;
}

function argumentsFor(names: readonly string[], t: number, obs: Observation, metric: number): number[] {
  return names.map((name) => (name === 'step' ? t : name === 'loss' ? obs.loss : name === 'gradNorm' ? obs.gradNorm : metric));
}

/** The generated code's lrs for steps 0…steps−1, fed the same observations and metrics as the engine. */
function generatedLrs(prepared: Prepared, observations: readonly Observation[], metrics: readonly number[]): number[] {
  const { code } = prepared;
  const exports = evaluateModule(code.text);
  const lrs: number[] = [];
  if (code.kind === 'function') {
    const fn = exports[code.functionName] as (...args: number[]) => number;
    for (let t = 0; t < prepared.steps; t++) lrs.push(fn(...argumentsFor(code.parameters, t, observations[t]!, metrics[t]!)));
  } else {
    const factory = exports[code.functionName] as () => { lr(...args: number[]): number; report(...args: number[]): void };
    const schedule = factory();
    for (let t = 0; t < prepared.steps; t++) {
      lrs.push(schedule.lr(...argumentsFor(code.parameters, t, observations[t]!, metrics[t]!)));
      schedule.report(...argumentsFor(code.reportParameters, t, observations[t]!, metrics[t]!));
    }
  }
  return lrs;
}

/** The engine's lrs: createSchedule(config, baseLr).lrAt, with every metric reported after its step. */
function engineLrs(prepared: Prepared, observations: readonly Observation[], metrics: readonly number[]): number[] {
  const schedule = createSchedule(prepared.config, prepared.baseLr);
  let state = schedule.initialState();
  const lrs: number[] = [];
  for (let t = 0; t < prepared.steps; t++) {
    lrs.push(schedule.lrAt(t, state, observations[t]!));
    state = schedule.report(state, t, metrics[t]!);
  }
  return lrs;
}

const RELATIVE = 1e-12;
const ABSOLUTE_FLOOR = 1e-300;

describe('scheduleCode: generated code gives the engine’s lr', function () {
  this.timeout(120_000);
  const prepared: Prepared[] = [];
  let compared = 0;
  let identical = 0;
  let worstRelative = 0;

  before(function () {
    for (const c of cases) {
      const config = resolveScheduleConfig(c.raw, { baseLr: c.baseLr, totalSteps: c.totalSteps });
      const steps = Math.max(2 * c.totalSteps, 2 * horizonOf(config)) + 5;
      prepared.push({ ...c, config, code: scheduleCode(config, c.baseLr), steps });
    }
  });

  after(function () {
    console.log(`      [codegen] ${prepared.length} configs, ${compared} lrs compared: ${identical} bit-identical, worst relative difference ${worstRelative}`);
  });

  it('covers every schedule type with at least 3 parameter sets', function () {
    const counts = new Map<string, number>();
    const visit = (config: ScheduleConfig): void => {
      counts.set(config.type, (counts.get(config.type) ?? 0) + 1);
      for (const value of Object.values(config)) {
        if (Array.isArray(value)) value.forEach((v) => v && typeof v === 'object' && 'type' in v && visit(v as ScheduleConfig));
        else if (value && typeof value === 'object' && 'type' in value) visit(value as ScheduleConfig);
      }
    };
    prepared.forEach((p) => visit(p.config));
    for (const type of scheduleTypes) assert.ok((counts.get(type) ?? 0) >= 3, `${type} appears in ${counts.get(type) ?? 0} configs`);
  });

  it('compiles every generated module and every snippet (defaults filled in) in one strict program with no diagnostics', function () {
    const files = new Map<string, string>();
    prepared.forEach((p, i) => {
      files.set(`gen${i}.ts`, p.code.text);
      files.set(`snippet${i}.ts`, parseSnippet(p.code.snippet).text);
    });
    assert.deepEqual(compileDiagnostics(files), []);
  });

  it('the snippet with every tab stop at its default is exactly the text, tab stops numbered 1…n, $0 last', function () {
    for (const p of prepared) {
      const parsed = parseSnippet(p.code.snippet);
      assert.equal(parsed.text, p.code.text, p.label);
      const numbers = [...parsed.tabStops.keys()].sort((a, b) => a - b);
      assert.deepEqual(numbers, numbers.map((_, i) => i + 1), `${p.label}: tab stops ${numbers.join(', ')}`);
      assert.ok(numbers.length > 0 || p.config.type === 'constant' || p.code.text.includes('learningRate(): number'), `${p.label}: no tab stops`);
      assert.equal(parsed.occurrences.get(0), 1, `${p.label}: $0 once`);
      assert.ok(parsed.endsWithFinalTabStop, `${p.label}: $0 at the end`);
    }
  });

  it('imports nothing', function () {
    for (const p of prepared) assert.deepEqual(importsOf(p.code.text), [], p.label);
  });

  for (const [index, c] of cases.entries()) {
    it(`${c.label}: same lr as the engine for steps 0…N`, function () {
      const p = prepared[index]!;
      const { observations, metrics } = signals(index + 1, p.steps);
      const expected = engineLrs(p, observations, metrics);
      const actual = generatedLrs(p, observations, metrics);
      assert.equal(actual.length, expected.length);
      assert.ok(p.steps >= 2 * p.totalSteps, 'N ≥ 2 × totalSteps');
      for (let t = 0; t < expected.length; t++) {
        const e = expected[t]!;
        const a = actual[t]!;
        compared++;
        assert.ok(Number.isFinite(e), `${c.label}, step ${t}: the engine's lr ${e} is not finite, so the comparison would say nothing`);
        if (Object.is(a, e)) {
          identical++;
          continue;
        }
        const difference = Math.abs(a - e);
        assert.ok(difference <= RELATIVE * Math.abs(e) + ABSOLUTE_FLOOR, `${c.label}, step ${t}: engine ${e}, generated ${a}\n${p.code.text.slice(-600)}`);
        worstRelative = Math.max(worstRelative, difference / Math.abs(e));
      }
    });
  }
});
