import assert from 'node:assert/strict';
import { Dual } from '../../../../src/core/autodiff/runtime';
import { tape } from '../../../../src/core/autodiff/runtime/tape';
import { $, maxRelativeError, record, valueOf } from './helpers';

/** Gradient of a scalar function of one variable at v, recorded. */
function derivative(f: (x: unknown) => unknown, v: number): { value: number; d: number } {
  const { result, gradient } = record((x) => f(x[0]), [v]);
  return { value: valueOf(result), d: gradient[0]! };
}

describe('autodiff runtime', () => {
  describe('arithmetic', () => {
    it('records + − × ÷ with their exact partials and the value JavaScript computes', () => {
      const a = 1.7;
      const b = -0.3;
      const { result, gradient } = record((x) => $.add($.mul(x[0], x[1]), $.div($.sub(x[0], 2), x[1])), [a, b]);
      assert.equal(valueOf(result), a * b + (a - 2) / b);
      assert.ok(maxRelativeError(gradient, [b + 1 / b, a - (a - 2) / (b * b)]) < 1e-15);
    });

    it('z + a·b and z − a·b as one node (fma, fms, mulAdd) with every mix of numbers and Duals', () => {
      const [z, a, b] = [0.4, -1.3, 2.2];
      const cases: Array<[string, (x: unknown[]) => unknown, number, number[]]> = [
        ['fma(x,x,x)', (x) => $.fma(x[0], x[1], x[2]), z + a * b, [1, b, a]],
        ['fms(x,x,x)', (x) => $.fms(x[0], x[1], x[2]), z - a * b, [1, -b, -a]],
        ['mulAdd(x,x,x)', (x) => $.mulAdd(x[1], x[2], x[0]), a * b + z, [1, b, a]],
        ['fma(3,x,x)', (x) => $.fma(3, x[1], x[2]), 3 + a * b, [0, b, a]],
        ['fma(x,5,x)', (x) => $.fma(x[0], 5, x[2]), z + 5 * b, [1, 0, 5]],
        ['fma(x,x,5)', (x) => $.fma(x[0], x[1], 5), z + a * 5, [1, 5, 0]],
        ['fms(2,x,7)', (x) => $.fms(2, x[1], 7), 2 - a * 7, [0, -7, 0]],
        ['fma(x,2,3)', (x) => $.fma(x[0], 2, 3), z + 6, [1, 0, 0]],
      ];
      for (const [what, f, value, expected] of cases) {
        const { result, gradient } = record(f, [z, a, b]);
        assert.equal(valueOf(result), value, what);
        assert.deepEqual(gradient, expected, what);
      }
      assert.equal($.fma(1, 2, 3), 7);
    });

    it('** has b·a^(b−1) and a^b·ln a, with PyTorch\'s 0 for ∂(0^b)/∂b at b ≥ 0', () => {
      assert.deepEqual(derivative((x) => $.pow(x, 2), 3), { value: 9, d: 6 });
      assert.deepEqual(derivative((x) => $.pow(x, 0), 3), { value: 1, d: 0 });
      const half = derivative((x) => $.pow(x, 0.5), 4);
      assert.equal(half.value, 2);
      assert.equal(half.d, 0.25);
      const exp = derivative((x) => $.pow(2, x), 3);
      assert.equal(exp.value, 8);
      assert.ok(Math.abs(exp.d - 8 * Math.LN2) < 1e-15);
      assert.deepEqual(derivative((x) => $.pow(0, x), 2), { value: 0, d: 0 });
      const both = record((x) => $.pow(x[0], x[1]), [1.5, 2.5]);
      assert.ok(maxRelativeError(both.gradient, [2.5 * 1.5 ** 1.5, 1.5 ** 2.5 * Math.log(1.5)]) < 1e-15);
    });

    it('% has ∂/∂a = 1 and ∂/∂b = −trunc(a/b)', () => {
      const { result, gradient } = record((x) => $.mod(x[0], x[1]), [7.5, 2]);
      assert.equal(valueOf(result), 1.5);
      assert.deepEqual(gradient, [1, -3]);
      const negative = record((x) => $.mod(x[0], x[1]), [-7.5, 2]);
      assert.equal(valueOf(negative.result), -1.5);
      assert.deepEqual(negative.gradient, [1, 3]);
    });

    it('unary minus, plus, ++ and -- keep Duals and follow JavaScript on other values', () => {
      assert.deepEqual(derivative((x) => $.neg(x), 2), { value: -2, d: -1 });
      assert.deepEqual(derivative((x) => $.mul($.pos(x), 3), 2), { value: 6, d: 3 });
      assert.deepEqual(derivative((x) => $.inc($.inc(x)), 2), { value: 4, d: 1 });
      assert.deepEqual(derivative((x) => $.dec(x), 2), { value: 1, d: 1 });
      assert.equal($.inc('1'), 2);
      assert.equal($.pos('3'), 3);
      assert.equal($.add('a', 1), 'a1');
      assert.equal($.add(1n, 2n), 3n);
    });

    it('an accumulation session sums z + Σ aᵢ·bᵢ into one node, with the gradient of the chain of fma', () => {
      const w = [0.3, -1.2, 2.5, 0.7];
      const sum = (x: unknown[], fused: boolean): unknown => {
        let z: unknown = x[0];
        const s = $.session();
        for (let i = 0; i < 4; i++) {
          const b = i % 2 === 0 ? w[i] : x[(i + 1) % 4];
          z = fused ? (i === 3 ? $.accSub(z, x[i], b, s) : $.acc(z, x[i], b, s)) : i === 3 ? $.fms(z, x[i], b) : $.fma(z, x[i], b);
        }
        return $.mul(z, z);
      };
      const at = [0.5, -0.25, 1.5, 2];
      const chain = record((x) => sum(x, false), at);
      const nodesBefore = tape.n;
      const fused = record((x) => sum(x, true), at);
      assert.equal(valueOf(fused.result), valueOf(chain.result));
      assert.ok(maxRelativeError(fused.gradient, chain.gradient) < 1e-15, `${fused.gradient} vs ${chain.gradient}`);
      // Chain: 4 fma nodes and the square; fused: one node (made by the first term) and the square.
      assert.equal(nodesBefore - 4, 5);
      assert.equal(tape.n - 4, 2);
    });

    it('an activation of a finished sum rewrites the sum\'s node (tanhInPlace …), only its session\'s newest node', () => {
      const w = [0.3, -1.2, 2.5];
      const neuron = (x: unknown[], fn: 'tanh' | 'exp' | 'log' | 'sqrt', between: boolean): unknown => {
        let z: unknown = x[0];
        const s = $.session();
        for (let i = 0; i < 3; i++) z = $.acc(z, x[i], w[i], s);
        const other = between ? $.mul(x[1], x[2]) : 0;
        return $.add($[`${fn}InPlace`](z, s), other);
      };
      const at = [0.5, 0.25, 0.75];
      const sum = 0.5 + 0.3 * 0.5 - 1.2 * 0.25 + 2.5 * 0.75;
      const dsum = [1 + 0.3, -1.2, 2.5];
      const cases = { tanh: [Math.tanh(sum), 1 - Math.tanh(sum) ** 2], exp: [Math.exp(sum), Math.exp(sum)], log: [Math.log(sum), 1 / sum], sqrt: [Math.sqrt(sum), 0.5 / Math.sqrt(sum)] } as const;
      for (const [fn, [value, derivative]] of Object.entries(cases) as [keyof typeof cases, readonly [number, number]][]) {
        const inPlace = record((x) => neuron(x, fn, false), at);
        assert.equal(valueOf(inPlace.result), value, fn);
        assert.ok(maxRelativeError(inPlace.gradient, dsum.map((d) => d * derivative)) < 1e-15, `${fn}: ${inPlace.gradient}`);
        // One node for sum and activation, then the + 0 (a node of its own).
        assert.equal(tape.n - 3, 2, fn);
        // A node recorded after the sum: the activation is a node of its own, the sum keeps its value.
        const apart = record((x) => neuron(x, fn, true), at);
        assert.equal(valueOf(apart.result), value + 0.25 * 0.75, fn);
        assert.ok(maxRelativeError(apart.gradient, dsum.map((d, i) => d * derivative + (i === 1 ? 0.75 : i === 2 ? 0.25 : 0))) < 1e-15, `${fn}: ${apart.gradient}`);
        assert.equal(tape.n - 3, 4, fn);
      }
      // Not a Dual of its session (a parameter, a number, another session's node): the plain function.
      const other = record((x) => $.tanhInPlace(x[0], $.session()), [0.5]);
      assert.deepEqual(other.gradient, [1 - Math.tanh(0.5) ** 2]);
      assert.equal($.expInPlace(0, $.session()), 1);
    });

    it('dot gives the value, gradient and node of its loop of acc calls, whatever the arrays hold', () => {
      let stale: unknown;
      record((x) => (stale = $.mul(x[0], 3)), [0.5]);
      const f64 = new Float64Array(4);
      // [A, B, a0, a1, b0, b1, j0, j1, subtract] over x (4 parameters); the start z is x[3], a number or stale.
      const layouts = [
        ['x', 'w', 0, 1, 0, 1, 0, 3, false],
        ['w', 'x', 3, 2, 1, 2, 0, 3, true],
        ['x', 'f64', 0, 1, 3, 2, 0, 4, false], // a Float64Array with Duals in its shadow, read backwards
        ['holes', 'x', 0, 1, 0, 1, 0, 4, false], // an undefined element ends the tight loop mid-way
        ['mixed', 'w', 0, 1, 0, 1, 0, 4, true], // numbers, a stale Dual, Duals
        ['w', 'w', 0, 1, 0, 1, 0, 3, false], // no node at all
        ['x', 'w', 0, 1, 0, 1, 2, 2, false], // no term
        ['xEdited', 'w', 0, 1, 0, 1, 0, 3, false], // the objective's x with a parameter replaced by a number
        ['xEdited', 'f64', 3, 2, 0, 1, 0, 4, true], // … and by another node, times a Float64Array
      ] as const;
      for (const start of ['dual', 'number', 'stale'] as const) {
        for (const [an, bn, a0, a1, b0, b1, j0, j1, subtract] of layouts) {
          const run = (x: unknown[], fused: boolean): unknown => {
            for (let k = 0; k < 4; k++) $.set(f64, k, $.mul(x[k], k + 1));
            if (an === 'xEdited') {
              $.set(x, 1, 0.25);
              $.set(x, 2, $.mul(x[3], 2));
            }
            const arrays: Record<string, unknown> = { x, xEdited: x, w: [0.5, -2, 1.5, 3], f64, holes: [x[0], x[1], undefined, x[3]], mixed: [1.25, stale, x[2], x[3]] };
            const z0 = start === 'dual' ? x[3] : start === 'number' ? 0.75 : stale;
            const s = $.session();
            let z: unknown;
            if (fused) z = $.dot(z0, arrays[an], a0, a1, arrays[bn], b0, b1, j0, j1, s, subtract);
            else {
              z = z0;
              for (let j = j0; j < j1; j++) z = (subtract ? $.accSub : $.acc)(z, $.get(arrays[an], a0 + (a1 - a0) * j), $.get(arrays[bn], b0 + (b1 - b0) * j), s);
            }
            return $.mul(z, 2);
          };
          const at = [0.5, -0.25, 1.5, 2];
          const loop = record((x) => run(x, false), at);
          const loopNodes = tape.n;
          const fused = record((x) => run(x, true), at);
          const what = `${an}·${bn} from a ${start}`;
          assert.deepEqual(fused.result, loop.result, what);
          assert.deepEqual(fused.gradient, loop.gradient, what);
          assert.equal(tape.n, loopNodes, what);
        }
      }
    });

    it('accTerm and accTemp sum terms into one node per run of the loop, with the value and gradient of the chain of adds', () => {
      let stale: unknown;
      record((x) => (stale = $.mul(x[0], 3)), [0.5]);
      for (const start of ['dual', 'number', 'stale'] as const) {
        const sum = (x: unknown[], fused: boolean): unknown => {
          let z: unknown = start === 'dual' ? x[0] : start === 'number' ? 0.25 : stale;
          const s = $.session();
          for (let i = 0; i < 4; i++) {
            // Terms: a temporary (exp of a difference), a parameter, a number, a temporary made before another node.
            if (i === 0) z = fused ? $.accTemp(z, $.exp($.sub(x[1], 1)), s) : $.add(z, $.exp($.sub(x[1], 1)));
            if (i === 1) z = fused ? $.accTerm(z, x[2], s) : $.add(z, x[2]);
            if (i === 2) z = fused ? $.accTerm(z, 1.5, s) : $.add(z, 1.5);
            if (i === 3) {
              const early = $.mul(x[0], x[1]);
              const later = $.mul(x[2], 2);
              z = fused ? $.accTemp(z, early, s) : $.add(z, early);
              z = fused ? $.accTemp(z, later, s) : $.add(z, later);
            }
          }
          return $.mul(z, z);
        };
        const at = [0.5, -0.25, 1.5];
        const chain = record((x) => sum(x, false), at);
        const chainNodes = tape.n;
        const fused = record((x) => sum(x, true), at);
        assert.equal(valueOf(fused.result), valueOf(chain.result), start);
        assert.ok(maxRelativeError(fused.gradient, chain.gradient) < 1e-15, `${start}: ${fused.gradient} vs ${chain.gradient}`);
        assert.ok(tape.n < chainNodes, `${start}: ${tape.n} nodes, the chain ${chainNodes}`);
      }
    });

    it('expDiff(a, b) is Math.exp(a − b) as one node, for every mix of numbers, Duals and stale Duals', () => {
      let stale: unknown;
      record((x) => (stale = $.mul(x[0], 3)), [0.5]);
      const operands = (x: unknown[]): unknown[] => [x[0], x[1], 0.75, stale];
      for (let i = 0; i < 4; i++) {
        for (let k = 0; k < 4; k++) {
          const fused = record((x) => $.mul($.expDiff(operands(x)[i], operands(x)[k]), 2), [0.5, -0.25]);
          const fusedNodes = tape.n;
          const plain = record((x) => $.mul($.exp($.sub(operands(x)[i], operands(x)[k])), 2), [0.5, -0.25]);
          assert.deepEqual(fused.result, plain.result, `${i} ${k}`);
          assert.deepEqual(fused.gradient, plain.gradient, `${i} ${k}`);
          if (i < 2 || k < 2) assert.equal(fusedNodes, tape.n - 1, `${i} ${k}: one node fewer`);
        }
      }
    });

    it('an accumulation never changes a Dual it did not make (the start value may be seen elsewhere)', () => {
      let start: unknown;
      const { result, gradient } = record((x) => {
        start = $.add(x[0], 1);
        const s = $.session();
        let z = $.acc(start, x[1], 2, s);
        z = $.acc(z, x[1], 3, s);
        return $.mul(start, z);
      }, [1, 2]);
      // start = x0 + 1 = 2, z = start + 5·x1 = 12: f = start·z, df/dx0 = z + start = 14, df/dx1 = 5·start = 10.
      assert.equal(valueOf(result), 24);
      assert.deepEqual(gradient, [14, 10]);
      // Another session, or a node made since, starts a new node.
      const again = record((x) => {
        const s1 = $.session();
        const z = $.acc(0, x[0], x[1], s1);
        const s2 = $.session();
        const w2 = $.acc(z, x[0], 1, s2);
        return $.add(z, w2);
      }, [3, 4]);
      assert.equal(valueOf(again.result), 12 + 15);
      assert.deepEqual(again.gradient, [2 * 4 + 1, 2 * 3]);
      assert.equal($.acc(1, 2, 3, $.session()), 7);
      assert.equal($.accSub(1, 2, 3, $.session()), -5);
    });
  });

  describe('Math', () => {
    const unary: Array<[string, (x: unknown) => unknown, (v: number) => number, number]> = [
      ['exp', $.exp, Math.exp, 0.7],
      ['expm1', $.expm1, (v) => Math.exp(v), 0.7],
      ['log', $.log, (v) => 1 / v, 0.7],
      ['log1p', $.log1p, (v) => 1 / (1 + v), 0.7],
      ['log2', $.log2, (v) => 1 / (v * Math.LN2), 0.7],
      ['log10', $.log10, (v) => 1 / (v * Math.LN10), 0.7],
      ['sqrt', $.sqrt, (v) => 0.5 / Math.sqrt(v), 0.7],
      ['cbrt', $.cbrt, (v) => 1 / (3 * Math.cbrt(v) ** 2), 0.7],
      ['sin', $.sin, Math.cos, 0.7],
      ['cos', $.cos, (v) => -Math.sin(v), 0.7],
      ['tan', $.tan, (v) => 1 / Math.cos(v) ** 2, 0.7],
      ['tanh', $.tanh, (v) => 1 - Math.tanh(v) ** 2, 0.7],
      ['sinh', $.sinh, Math.cosh, 0.7],
      ['cosh', $.cosh, Math.sinh, 0.7],
      ['asin', $.asin, (v) => 1 / Math.sqrt(1 - v * v), 0.7],
      ['acos', $.acos, (v) => -1 / Math.sqrt(1 - v * v), 0.7],
      ['atan', $.atan, (v) => 1 / (1 + v * v), 0.7],
      ['asinh', $.asinh, (v) => 1 / Math.sqrt(v * v + 1), 0.7],
      ['acosh', $.acosh, (v) => 1 / Math.sqrt(v * v - 1), 1.7],
      ['atanh', $.atanh, (v) => 1 / (1 - v * v), 0.7],
      ['abs', $.abs, (v) => Math.sign(v), -0.7],
      ['fround', $.fround, () => 1, 0.7],
    ];
    for (const [name, f, df, at] of unary) {
      it(`Math.${name}: the value of Math.${name} and its derivative to 1e-14`, () => {
        const { value, d } = derivative(f, at);
        assert.equal(value, (Math as unknown as Record<string, (v: number) => number>)[name]!(at));
        assert.ok(Math.abs(d - df(at)) <= 1e-14 * Math.max(1, Math.abs(df(at))), `${name}'(${at}) = ${d}, expected ${df(at)}`);
        // The plain-number path is Math's own.
        assert.equal(f(at), (Math as unknown as Record<string, (v: number) => number>)[name]!(at));
      });
    }

    it('piecewise-constant functions return plain numbers (derivative 0)', () => {
      for (const f of [$.floor, $.ceil, $.round, $.trunc, $.sign]) {
        const { result, gradient } = record((x) => $.add(f(x[0]), 0), [2.5]);
        assert.equal(typeof valueOf(result), 'number');
        assert.deepEqual(gradient, [0]);
      }
      assert.equal($.floor(new Dual(0)), Math.floor(0.5));
    });

    it('|x| has derivative 0 at 0, as PyTorch', () => {
      assert.deepEqual(derivative((x) => $.abs(x), 0), { value: 0, d: 0 });
    });

    it('max and min pass the derivative to the selected argument, split evenly on ties', () => {
      assert.deepEqual(record((x) => $.max2(x[0], x[1]), [1, 2]).gradient, [0, 1]);
      assert.deepEqual(record((x) => $.min2(x[0], x[1]), [1, 2]).gradient, [1, 0]);
      assert.deepEqual(record((x) => $.max2(x[0], 0), [0]).gradient, [0.5]);
      assert.deepEqual(record((x) => $.max2(x[0], x[1]), [3, 3]).gradient, [0.5, 0.5]);
      assert.deepEqual(record((x) => $.max(x[0], x[1], 2, x[2]), [2, 1, 2]).gradient, [1 / 3, 0, 1 / 3]);
      assert.deepEqual(record((x) => $.min(x[0], x[1], x[2]), [4, 1, 2]).gradient, [0, 1, 0]);
      assert.ok(Number.isNaN(valueOf(record((x) => $.max2(x[0], NaN), [1]).result)));
      assert.equal($.max(), -Infinity);
      // max(-0, 0) is +0 in JavaScript: the value is Math's.
      assert.ok(Object.is(valueOf(record((x) => $.max2(x[0], 0), [-0]).result), 0));
    });

    it('hypot has xᵢ/r (0 at the origin) and atan2 has (x, −y)/(x² + y²)', () => {
      const hyp = record((x) => $.hypot(x[0], x[1], 2), [3, 6]);
      assert.equal(valueOf(hyp.result), 7);
      assert.deepEqual(hyp.gradient, [3 / 7, 6 / 7]);
      assert.deepEqual(record((x) => $.hypot(x[0], x[1]), [0, 0]).gradient, [0, 0]);
      const at = record((x) => $.atan2(x[0], x[1]), [1, 2]);
      assert.equal(valueOf(at.result), Math.atan2(1, 2));
      assert.ok(maxRelativeError(at.gradient, [2 / 5, -1 / 5]) < 1e-15);
    });
  });

  describe('comparisons, truth and identity', () => {
    it('compare, test and identify a Dual by its value', () => {
      const { result } = record((x) => {
        const d = x[0];
        assert.equal($.lt(d, 3), true);
        assert.equal($.gt(d, 3), false);
        assert.equal($.seq(d, 2), true);
        assert.equal($.sne(d, 2), false);
        assert.equal($.leq(d, '2'), true);
        assert.equal($.t(d), true);
        assert.equal($.t($.sub(d, 2)), false);
        assert.equal($.typeOf(d), 'number');
        assert.equal($.isFinite(d), true);
        assert.equal($.isInteger(d), true);
        assert.equal($.toNumber(d), d);
        assert.equal($.toBoolean($.sub(d, 2)), false);
        assert.equal($.objectIs(d, 2), true);
        return d;
      }, [2]);
      assert.equal(valueOf(result), 2);
    });
  });

  describe('leaks', () => {
    it('a string conversion, an index, Math.random and a foreign call are noted with their reason', () => {
      const cases: Array<[string, (x: unknown[]) => unknown, RegExp]> = [
        ['template', (x) => $.str(x[0]), /into a string/],
        ['String()', (x) => String(x[0]), /into a string/],
        ['index', (x) => $.get([1, 2, 3], x[0]), /array index or property key/],
        ['random', (x) => $.mul(x[0], $.random()), /Math\.random/],
        ['foreign', (x) => $.call1((v: unknown) => v, undefined, x[0]), /cannot see into/],
        ['native arithmetic', (x) => (x[0] as number) * 2, /reads it as a plain number/],
        ['Map key', (x) => $.call2(Map.prototype.set, new Map(), x[0], 1), /Map or Set key/],
        ['JSON', (x) => JSON.stringify([x[0]]), /JSON/],
        // A store into x that no runtime call saw (code the transform would have marked with touch()).
        ['x changed unseen', (x) => ((x[0] = 3), $.mul(x[0], 2)), /changes the parameter array x/],
        ['x shortened unseen', (x) => ((x.length = 0), 1), /changes the parameter array x/],
      ];
      for (const [what, f, message] of cases) {
        const { result } = record((x) => f(x), [1]);
        assert.equal(result.kind, 'leak', what);
        if (result.kind === 'leak') assert.match(result.leak.message, message, what);
      }
    });

    it("a dot product reads x on trust only until something may have written into it", () => {
      const w = [0.5, -1.5, 2];
      const dotOfX = (x: unknown[]): unknown => $.dot(0, x, 0, 1, w, 0, 1, 0, 3, $.session(), false);
      const writes: Array<[string, (x: unknown[]) => void]> = [
        ['set', (x) => $.set(x, 1, 4)],
        ['touch', (x) => {
          $.touch();
          x[1] = 4;
        }],
        ['a built-in handed x', (x) => $.call3(Array.prototype.fill, x, 4, 1, 2)],
        ['a foreign function', (x) => {
          $.call0(() => (x[1] = 4), undefined);
        }],
      ];
      for (const [what, write] of writes) {
        // Before the write x is trusted; after it the dot product sees the 4 (a constant) and the others' nodes.
        const { result, gradient } = record((x) => {
          const before = dotOfX(x);
          write(x);
          const after = dotOfX(x);
          return $.add(before, $.mul(after, 2));
        }, [1, 2, 3]);
        assert.equal(valueOf(result), 0.5 - 3 + 6 + 2 * (0.5 - 6 + 6), what);
        assert.deepEqual(gradient, [0.5 * 3, -1.5, 2 * 3], what);
      }
    });

    it("a node's bytes seen through another view of its buffer: the node, a constant or a leak, never a silent constant", () => {
      const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
      /** A Float64Array whose element 0 holds x0·2 (a node), and other views of its buffer. */
      const setUp = (x: unknown[]) => {
        const buffer = new ArrayBuffer(16);
        const floats = $.construct(Float64Array, buffer) as Float64Array;
        $.set(floats, 0, $.mul(x[0], 2));
        return { buffer, floats, view: new DataView(buffer), bytes: new Uint8Array(buffer), words: new Uint32Array(buffer), singles: $.construct(Float32Array, buffer) as Float32Array };
      };
      const leaks: Array<[string, (x: unknown[]) => unknown, RegExp]> = [
        ['a byte of the node read through a Uint8Array', (x) => $.get(setUp(x).bytes, 7), /reads the bytes of a value that depends on the parameters through another view of its buffer \(Uint8Array\)/],
        ['half of the node read as a float32', (x) => $.get(setUp(x).singles, 1), /another view of its buffer \(Float32Array\)/],
        ['the node read in the other byte order', (x) => $.call2(DataView.prototype.getFloat64, setUp(x).view, 0, !littleEndian), /\(DataView\.prototype\.getFloat64\)/],
        ['a byte of the node overwritten', (x) => {
          const { bytes, floats } = setUp(x);
          $.set(bytes, 0, 1);
          return $.get(floats, 0);
        }, /writes over part of a value that depends on the parameters through another view of its buffer \(Uint8Array\)/],
        ['a node written through a DataView', (x) => $.call3(DataView.prototype.setFloat64, setUp(x).view, 8, x[0], littleEndian), /calls DataView\.prototype\.setFloat64 on values that depend on the parameters/],
        ['an integer view handed to a typed-array method', (x) => $.call0((Uint32Array.prototype as unknown as { slice: () => unknown }).slice, setUp(x).words), /calls Uint32Array\.prototype\.slice on values/],
        ['the buffer handed to a foreign function', (x) => $.call1((b: unknown) => b, undefined, setUp(x).buffer), /passes a value that depends on the parameters to/],
      ];
      for (const [what, f, message] of leaks) {
        const { result } = record((x) => $.add(f(x) as number, x[0]), [1.25]);
        assert.equal(result.kind, 'leak', what);
        if (result.kind === 'leak') assert.match(result.leak.message, message, what);
      }
      // The node itself, read whole in this machine's byte order: d/dx0 (x0·2 + x0) = 3.
      const read = record((x) => $.add($.call2(DataView.prototype.getFloat64, setUp(x).view, 0, littleEndian), x[0]), [1.25]);
      assert.equal(read.result.kind, 'gradient');
      assert.deepEqual(read.gradient, [3]);
      // Numbers stored over the whole node, one equal to its value: constants (d/dx0 = 1, from + x0).
      for (const [what, overwrite] of [
        ['through a DataView, the same value', (o: ReturnType<typeof setUp>) => $.call3(DataView.prototype.setFloat64, o.view, 0, 2.5, littleEndian)],
        ['through a BigUint64Array, all 8 bytes at once', (o: ReturnType<typeof setUp>) => $.set(new BigUint64Array(o.buffer), 0, 0n)],
      ] as const) {
        const { result, gradient } = record((x) => {
          const o = setUp(x);
          overwrite(o);
          return $.add($.get(o.floats, 0), x[0]);
        }, [1.25]);
        assert.equal(result.kind, 'gradient', what);
        assert.deepEqual(gradient, [1], what);
      }
    });

    it('printing a template with a Dual inside console.* is not a leak', () => {
      const { result } = record((x) => {
        $.strQuiet(x[0]);
        return x[0];
      }, [1]);
      assert.equal(result.kind, 'gradient');
    });

    it('transformed functions, Math through aliases and .call, and callbacks of array methods are followed', () => {
      const double = $.fn((v: unknown) => $.mul(v, 2));
      const { result, gradient } = record((x) => {
        const a = $.call1(double, undefined, x[0]);
        const b = $.call1(Math.exp, undefined, x[1]);
        const c = $.call2(Function.prototype.call, Math.sin, undefined, x[0]);
        const mapped = $.call1(Array.prototype.map, [x[0], x[1]], $.fn((v: unknown) => $.mul(v, v))) as unknown[];
        const sum = $.call2(Array.prototype.reduce, mapped, $.fn((s: unknown, v: unknown) => $.add(s, v)), 0);
        // Math functions as the callbacks themselves: xs.map(Math.exp), Array.from(xs, Math.sin).
        const exps = $.call1(Array.prototype.map, [x[0], x[1]], Math.exp) as unknown[];
        const sines = $.call2(Array.from, undefined, [x[0]], Math.sin) as unknown[];
        const extra = $.add($.add(exps[0], exps[1]), sines[0]);
        return $.add($.add($.add($.add(a, b), c), sum), extra);
      }, [0.5, 0.25]);
      assert.equal(result.kind, 'gradient');
      assert.ok(maxRelativeError(gradient, [2 + Math.cos(0.5) + 1 + Math.exp(0.5) + Math.cos(0.5), Math.exp(0.25) + 0.5 + Math.exp(0.25)]) < 1e-15);
    });
  });

  describe('storage', () => {
    it('a Float64Array keeps Duals in its shadow; a Float32Array rounds them; an integer array truncates', () => {
      const f64 = new Float64Array(3);
      const f32 = new Float32Array(2);
      const i32 = new Int32Array(1);
      const { result, gradient } = record((x) => {
        $.set(f64, 1, $.mul(x[0], 3));
        $.set(f32, 0, $.mul(x[0], 0.1));
        $.set(i32, 0, $.mul(x[0], 3));
        // Stores a Float64Array ignores (an index past its end, not an integer) record nothing.
        $.set(f64, 3, $.mul(x[0], 5));
        $.set(f64, 0.5, $.mul(x[0], 5));
        assert.equal($.get(f64, 3), undefined);
        assert.equal(typeof $.get(f64, 0), 'number');
        $.set(f64, 2, $.mul(x[0], 2));
        $.set(f64, 2, 6); // a number stored over a node: the element is that constant now
        assert.equal($.get(f64, 2), 6);
        const fromF64 = $.get(f64, 1);
        assert.ok(fromF64 instanceof Dual);
        assert.equal(f64[1], 4.5);
        assert.equal(f32[0], Math.fround(0.15000000000000002));
        assert.equal(i32[0], 4);
        return $.add($.add(fromF64, $.get(f32, 0)), $.get(i32, 0));
      }, [1.5]);
      assert.equal(valueOf(result), 4.5 + Math.fround(0.15000000000000002) + 4);
      assert.ok(Math.abs(gradient[0]! - 3.1) < 1e-15);
    });

    it('views of one buffer share the shadow; an element overwritten natively is a constant', () => {
      const { gradient } = record((x) => {
        const all = $.construct(Float64Array, 4) as Float64Array;
        const tail = $.call2(all.subarray, all, 2, 4) as Float64Array;
        $.set(tail, 0, $.mul(x[0], 5));
        $.set(all, 3, $.mul(x[0], 7));
        const viaAll = $.get(all, 2);
        const viaTail = $.get(tail, 1);
        all.fill(1, 3, 4); // native write: element 3 is now the constant 1
        // A store past the end of a view is ignored: it must not reach the next view's shadow.
        const head = $.call2(all.subarray, all, 0, 2) as Float64Array;
        $.set(all, 2, 11);
        $.set(head, 2, $.mul(x[0], 11));
        return $.add($.add($.add(viaAll, viaTail), $.get(all, 3)), $.get(all, 2));
      }, [1]);
      assert.deepEqual(gradient, [12]);
    });

    it('typed-array methods go through the shadow: map, reduce, slice, set, fill and for…of', () => {
      const { gradient } = record((x) => {
        const a = $.construct(Float64Array, [x[0], x[1], 1]) as Float64Array;
        const squared = $.call1(a.map, a, $.fn((v: unknown) => $.mul(v, v))) as Float64Array;
        const total = $.call2(squared.reduce, squared, $.fn((s: unknown, v: unknown) => $.add(s, v)), 0);
        const part = $.call2(a.slice, a, 0, 2) as Float64Array;
        const copy = new Float64Array(2);
        $.call1(copy.set, copy, part);
        let sum: unknown = 0;
        for (const v of $.iter(copy) as Iterable<unknown>) sum = $.add(sum, v);
        const filled = new Float64Array(2);
        $.call1(filled.fill, filled, x[1]);
        return $.add($.add(total, sum), $.get(filled, 0));
      }, [2, 3]);
      assert.deepEqual(gradient, [2 * 2 + 1, 2 * 3 + 1 + 1]);
    });

    it('a stored Dual keeps its value after the evaluation and is a constant in the next one', () => {
      const kept: unknown[] = [];
      record((x) => {
        const y = $.mul(x[0], 3);
        $.call1(Array.prototype.push, kept, y);
        return y;
      }, [2]);
      const stale = kept[0] as Dual;
      // The next evaluation reuses the slot; the stored object is not reused.
      const { result, gradient } = record((x) => $.add($.mul(x[0], 10), stale), [5]);
      assert.equal(stale.v, 6);
      assert.equal(valueOf(result), 56);
      assert.deepEqual(gradient, [10]);
      assert.notEqual(tape.pool[stale.i], stale);
    });

    it('grows the tape past its initial size and still returns the exact gradient', () => {
      const n = 20_000;
      const { result, gradient } = record((x) => {
        let s: unknown = 0;
        for (let i = 0; i < n; i++) s = $.fma(s, x[0], x[1]);
        return s;
      }, [0.5, 2]);
      assert.equal(valueOf(result), n * 0.5 * 2);
      assert.deepEqual(gradient, [n * 2, n * 0.5]);
    });

    it('a second evaluation records into the same typed arrays and the same pooled Duals (nothing allocated per node)', () => {
      const nodes: unknown[][] = [];
      const f = (x: unknown[]): unknown => {
        const made: unknown[] = [];
        let s: unknown = 0;
        for (let i = 0; i < 50; i++) {
          const t = $.mul($.tanh($.mul(x[0], i)), x[1]);
          made.push(t);
          s = $.add(s, t);
        }
        nodes.push(made);
        return s;
      };
      record(f, [0.3, -1.2]);
      const arrays = [tape.ends, tape.child, tape.partial, tape.adj, tape.session];
      const second = record(f, [0.7, 2.5]);
      assert.equal(second.result.kind, 'gradient');
      assert.deepEqual([tape.ends, tape.child, tape.partial, tape.adj, tape.session], arrays);
      // Each node's Dual is the one its slot had the first time, holding the new value.
      for (let k = 0; k < 50; k++) assert.equal(nodes[1]![k], nodes[0]![k], `node ${k}`);
      assert.equal((nodes[1]![3] as Dual).v, Math.tanh(0.7 * 3) * 2.5);
    });

    it('an objective that returns a number that does not depend on x has gradient 0', () => {
      const { result, gradient } = record(() => 3, [1, 2]);
      assert.equal(valueOf(result), 3);
      assert.deepEqual(gradient, [0, 0]);
    });
  });
});
