/**
 * Generated adjoints: for the functions of a file inside the subset (subset.ts), JavaScript
 * that computes f and its exact gradient without a tape — a forward pass that keeps on a stack
 * of doubles only what the reverse sweep cannot recompute, and the reverse sweep as code
 * (emit.ts) — appended to the transformed module, and handed to each function object
 * (`setAdjoint`) so that the worker can use it instead of recording. Anything outside the
 * subset, in the function or in a function it calls, leaves that function to the tape.
 */
import type * as TS from 'typescript';
import type { Binding, FileBindings } from '../bindings';
import { forwardName, FunctionEmitter, parameterAdjoints, reverseName, type FileNames } from './emit';
import { findCandidates, firstParameterIsX, initOperators, OutsideSubset, sameFileCallee, scratchWrites, SubsetChecker, unsafeScratchArrays, type Candidate, type FunctionFacts, type ParameterUse } from './subset';

/** JavaScript to append to the transformed module (empty when no function qualifies). */
export function generateAdjoints(ts: typeof TS, file: TS.SourceFile, bindings: FileBindings, runtimeName: string): string {
  initOperators(ts);
  const candidates = findCandidates(ts, file, bindings);
  if (candidates.length === 0) return '';
  const byBinding = new Map<Binding, Candidate>();
  for (const c of candidates) if (c.binding !== undefined) byBinding.set(c.binding, c);
  const fileWrites = scratchWrites(ts, file, bindings, candidates);
  const calleeOf = (call: TS.CallExpression): Candidate | undefined => sameFileCallee(ts, bindings, byBinding, call);
  // Which parameters callers pass values depending on x: a fixed point over the calls.
  const uses = new Map<Candidate, ParameterUse>();
  for (const c of candidates) uses.set(c, { hasX: firstParameterIsX(ts, c, bindings), active: c.params.map(() => false) });
  let facts = new Map<Candidate, FunctionFacts>();
  for (let changed = true; changed; ) {
    changed = false;
    facts = new Map();
    for (const c of candidates) {
      try {
        facts.set(c, new SubsetChecker(ts, bindings, file, byBinding, fileWrites, uses).check(c));
      } catch (e) {
        if (!(e instanceof OutsideSubset)) throw e;
        if (process.env.LRLAB_ADJOINT_DEBUG) console.error(`${c.stem}: ${e.message}`);
      }
    }
    for (const f of facts.values()) {
      for (const { callee, index } of f.activeArguments) {
        const use = uses.get(callee)!;
        if (use.active[index]) continue;
        uses.set(callee, { hasX: use.hasX, active: use.active.map((a, k) => a || k === index) });
        changed = true;
      }
    }
  }
  const unsafe = unsafeScratchArrays(ts, file, bindings, fileWrites);
  const p = `${runtimeName}_A`;
  const scratch = new Map<Binding, string>();
  for (const b of fileWrites) if (!unsafe.has(b)) scratch.set(b, `${p}z_${b.name}`);
  const names: FileNames = { rt: runtimeName, p, scratch };
  // Emit until stable: a function whose emission fails, or that calls one without an adjoint, or is recursive, drops out with its callers.
  const code = new Map<Candidate, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [c, f] of facts) {
      const reason = [...f.callees].some((k) => !facts.has(k)) || [...f.writes].some((b) => !scratch.has(b)) || reaches(c, c, facts, new Set());
      if (reason) {
        facts.delete(c);
        changed = true;
        continue;
      }
      if (code.has(c)) continue;
      try {
        code.set(c, new FunctionEmitter(ts, bindings, f, names, calleeOf, (k) => uses.get(k)!).emit());
      } catch (e) {
        if (!(e instanceof OutsideSubset)) throw e;
        if (process.env.LRLAB_ADJOINT_DEBUG) console.error(`${c.stem} (emit): ${e.message}`);
        facts.delete(c);
        changed = true;
      }
    }
  }
  for (const c of [...code.keys()]) if (!facts.has(c)) code.delete(c);
  if (code.size === 0) return '';
  const used = new Set<Binding>();
  for (const f of facts.values()) for (const b of f.writes) used.add(b);
  const out: string[] = ['', `// Generated adjoints (LR Lab): the exact gradient without a tape.`];
  out.push(`let ${p}s = new Float64Array(1024), ${p}sp = 0;`, `const ${p}ls = [];`);
  for (const b of used) out.push(`let ${scratch.get(b)} = null;`);
  out.push(`function ${p}push(v) { if (${p}sp === ${p}s.length) { const n = new Float64Array(${p}s.length * 2); n.set(${p}s); ${p}s = n; } ${p}s[${p}sp++] = v; }`);
  for (const [c, text] of code) {
    const use = uses.get(c)!;
    if (use.active.some((a) => a)) out.push(`const ${parameterAdjoints(names, c)} = new Float64Array(${c.params.length});`);
    out.push(text);
    // Only a function of x is an objective the worker can ask.
    if (!use.hasX) continue;
    const rest = c.params.slice(1).map((_, k) => `${p}a${k}`);
    const zero = [...used].map((b) => `${scratch.get(b)} = ${runtimeName}.adjointZeros(${scratch.get(b)}, ${b.name}.length);`);
    out.push(
      `function ${p}g_${c.stem}(${[`${p}x`, `${p}gx`, ...rest].join(', ')}) {`,
      `${p}sp = 0; ${p}ls.length = 0; ${p}gx.fill(0);`,
      `const v = ${forwardName(names, c)}(${[`${p}x`, ...rest].join(', ')});`,
      // Sized after the forward pass: an array's writes may have lengthened it.
      ...zero,
      `${reverseName(names, c)}(${[`${p}x`, ...rest, `${p}gx`, '1'].join(', ')});`,
      `return v;`,
      `}`,
      `${runtimeName}.setAdjoint(${c.reach}, ${p}g_${c.stem});`,
    );
  }
  return out.join('\n');
}

/** Does `from` reach `target` through calls (recursion)? */
function reaches(from: Candidate, target: Candidate, facts: ReadonlyMap<Candidate, FunctionFacts>, seen: Set<Candidate>): boolean {
  const f = facts.get(from);
  if (f === undefined) return false;
  for (const k of f.callees) {
    if (k === target) return true;
    if (seen.has(k)) continue;
    seen.add(k);
    if (reaches(k, target, facts, seen)) return true;
  }
  return false;
}
