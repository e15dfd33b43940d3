import assert from 'node:assert/strict';
import { classifyName, camelName, whyNotLr } from '../../../../src/extension/codeActions/lrNames';
import { sitesInRange, type LrSite } from '../../../../src/extension/codeActions/lrSites';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';
import { analyze, fixtureText, markedLine, marks } from './helpers';

function sitesOnLine(text: string, sites: readonly LrSite[], mark: string): LrSite[] {
  const line = markedLine(text, mark);
  return sites.filter((s) => s.literal.start >= line.start && s.literal.end <= line.end);
}

describe('codeActions/lrSites: detection on test/fixtures/codeActions/sites.ts', () => {
  const text = fixtureText('sites.ts');
  const { scan } = analyze('sites.ts', text);

  const positives: [mark: string, name: string, value: number, kind: LrSite['kind'], literal: string][] = [
    ['variable-lr', 'lr', 0.01, 'variable', '0.01'],
    ['variable-learningRate', 'learningRate', 3e-4, 'variable', '3e-4'],
    ['variable-snake', 'learning_rate', 0.005, 'variable', '.005'],
    ['variable-upper', 'LR', 0.1, 'variable', '0.1'],
    ['variable-upper-snake-parens', 'LEARNING_RATE', 0.2, 'variable', '0.2'],
    ['variable-baseLr-as', 'baseLr', 0.05, 'variable', '0.05'],
    ['variable-eta', 'eta', 0.5, 'variable', '0.5'],
    ['variable-alpha', 'alpha', 0.001, 'variable', '0.001'],
    ['variable-eta0', 'eta0', 0.01, 'variable', '0.01'],
    ['property-lr', 'lr', 0.1, 'property', '0.1'],
    ['property-string-key', 'learning_rate', 1e-3, 'property', '1e-3'],
    ['property-peakLr', 'peakLr', 0.4, 'property', '0.4'],
    ['property-alpha-adam', 'alpha', 0.001, 'property', '0.001'],
    ['parameter', 'initialLr', 0.02, 'parameter', '0.02'],
    ['binding-default', 'maxLr', 0.3, 'variable', '0.3'],
    ['assignment-property', 'lr', 0.07, 'assignment', '0.07'],
    ['assignment-stepSize', 'stepSize', 0.25, 'assignment', '0.25'],
    ['assignment-element', 'initLearningRate', 0.6, 'assignment', '0.6'],
    ['field', 'lr', 0.03, 'field', '0.03'],
  ];
  for (const [mark, name, value, kind, literal] of positives) {
    it(`finds ${name} = ${literal} (${kind}) on the line marked ${mark}`, () => {
      const found = sitesOnLine(text, scan.sites, mark);
      assert.equal(found.length, 1, `sites on ${mark}: ${JSON.stringify(found.map((s) => s.name))}`);
      const site = found[0]!;
      assert.deepEqual([site.name, site.value, site.kind, site.literal.text], [name, value, kind, literal]);
      assert.equal(text.slice(site.literal.start, site.literal.end), literal);
      assert.equal(site.loop, null);
      assert.equal(site.noLoopReason, 'not in a loop');
    });
  }

  it('finds no other sites than the marked positives (and the lr of the RMSprop options)', () => {
    const expected = positives.length + 1;
    assert.equal(scan.sites.length, expected, scan.sites.map((s) => `${s.name}=${s.literal.text}`).join(', '));
    const rmsprop = sitesOnLine(text, scan.sites, 'no-alpha-rmsprop');
    assert.deepEqual(rmsprop.map((s) => [s.name, s.value]), [['lr', 0.01]]);
  });

  const negatives: [mark: string, reason: RegExp | null][] = [
    ['no-string', null],
    ['no-template', null],
    ['no-comment', null],
    ['no-block-comment', null],
    ['no-alpha-colour-name', /colour or style \(overlaycolor\)/],
    ['no-alpha-colour-siblings', /colour's alpha \(next to r\)/],
    ['no-alpha-color-sibling', /next to color/],
    ['no-alpha-theme', /colour or style \(theme\)/],
    ['no-alpha-rmsprop', /next to lr/],
    ['no-alpha-beta', /next to beta/],
    ['no-zero', /not a positive/],
    ['no-huge', /larger than any learning rate/],
    ['no-negative', null],
    ['no-stepSize-count', /larger than any/],
    ['no-stepSize-gamma', /next to gamma/],
    ['no-stepSize-whole', /counts steps/],
    ['no-stepSize-slider', /next to min/],
    ['no-alpha-rgba', /colour or style \(rgba\)/],
    ['no-other-names', null],
  ];
  for (const [mark, reason] of negatives) {
    it(`finds no site for the line marked ${mark}${reason ? ` (rejected: ${reason.source})` : ''}`, () => {
      const line = markedLine(text, mark);
      const found = sitesOnLine(text, scan.sites, mark).filter((s) => !(mark === 'no-alpha-rmsprop' && s.name === 'lr'));
      assert.deepEqual(found.map((s) => s.name), []);
      const rejected = scan.rejected.filter((r) => r.literal.start >= line.start && r.literal.end <= line.end);
      if (reason) {
        assert.equal(rejected.length, 1);
        assert.match(rejected[0]!.reason, reason);
      } else {
        assert.equal(rejected.length, 0, JSON.stringify(rejected));
      }
    });
  }

  it('covers every MARK of the fixture', () => {
    assert.deepEqual(new Set(marks(text)), new Set([...positives.map((p) => p[0]), ...negatives.map((n) => n[0])]));
  });

  it('sitesInRange: the cursor on the name, on the literal or touching either end selects the site; elsewhere nothing', () => {
    const [site] = sitesOnLine(text, scan.sites, 'variable-lr');
    const name = text.indexOf('lr = 0.01');
    assert.deepEqual(sitesInRange(scan.sites, name, name), [site]); // before `lr`
    assert.deepEqual(sitesInRange(scan.sites, name + 1, name + 1), [site]);
    assert.deepEqual(sitesInRange(scan.sites, site!.literal.end, site!.literal.end), [site]); // after `0.01`, before `;`
    assert.deepEqual(sitesInRange(scan.sites, site!.literal.start + 2, site!.literal.start + 2), [site]);
    assert.deepEqual(sitesInRange(scan.sites, name - 3, name - 3), []); // on `const`
    const line = markedLine(text, 'variable-lr');
    assert.deepEqual(sitesInRange(scan.sites, line.start, line.end), [site]); // the whole line selected
  });

  it('records the top-level statement of each site', () => {
    const [param] = sitesOnLine(text, scan.sites, 'parameter');
    const statementText = text.slice(param!.statement.start, param!.statement.end);
    assert.match(statementText, /^export function train\(/);
    assert.ok(statementText.endsWith('}'));
  });
});

describe('codeActions/lrSites: JSX text is not code (test/fixtures/codeActions/jsx.tsx)', () => {
  it('finds the variable but nothing in the element text, attribute string or comment', () => {
    const text = fixtureText('jsx.tsx');
    const { scan } = analyze('jsx.tsx', text);
    assert.deepEqual(
      scan.sites.map((s) => [s.name, s.value]),
      [['lr', 0.02]],
    );
    assert.deepEqual(sitesOnLine(text, scan.sites, 'tsx-variable').length, 1);
  });
});

describe('codeActions/lrSites: loops and in-scope variables (test/fixtures/codeActions/loops.ts)', () => {
  const text = fixtureText('loops.ts');
  const { scan } = analyze('loops.ts', text);
  const at = (mark: string): LrSite => {
    const found = sitesOnLine(text, scan.sites, mark);
    assert.equal(found.length, 1, `one site on ${mark}`);
    return found[0]!;
  };
  const table: [mark: string, loop: LrSite['loop'], reason: string | null, inLoop: boolean, loss: string | null, gradNorm: string | null][] = [
    ['counted', { counter: 'step', startText: '0', start: 0, iterations: 200 }, null, true, null, null],
    ['counted-from-1-inclusive', { counter: 'i', startText: '1', start: 1, iterations: 50 }, null, true, null, null],
    ['counted-const-bound', { counter: 't', startText: '0', start: 0, iterations: 300 }, null, true, null, null],
    ['counted-unknown-bound', { counter: 'k', startText: '0', start: 0, iterations: null }, null, true, null, null],
    ['while', null, 'in a while loop, which has no step counter', true, 'loss', null],
    ['nested', null, 'in nested loops (which counter is the step?)', true, 'loss', null],
    ['for-of', null, 'in a for…of loop, which has no step counter', true, 'loss', null],
    ['counter-changed', null, 'the for loop body changes j', true, 'loss', null],
    ['two-counters', null, 'the for loop has more than one counter', true, 'loss', null],
    ['loop-header', null, 'in a loop header', false, 'loss', null],
    ['in-callback', null, 'not in a loop', false, 'loss', null],
    ['top-level', null, 'not in a loop', false, 'loss', null],
    ['loss-and-gradNorm', { counter: 'step', startText: '0', start: 0, iterations: 100 }, null, true, 'loss', 'gradNorm'],
  ];
  for (const [mark, loop, reason, inLoop, loss, gradNorm] of table) {
    it(`${mark}: loop ${loop ? `${loop.counter} from ${loop.startText}, ${loop.iterations ?? '?'} iterations` : `none (${reason})`}, loss ${loss ?? '—'}, gradNorm ${gradNorm ?? '—'}`, () => {
      const site = at(mark);
      assert.deepEqual(site.loop, loop);
      assert.equal(site.noLoopReason, reason);
      assert.equal(site.inLoop, inLoop);
      assert.equal(site.lossVariable, loss);
      assert.equal(site.gradNormVariable, gradNorm);
    });
  }
  it('covers every MARK of the fixture', () => {
    assert.deepEqual(marks(text), table.map((r) => r[0]));
  });

  it('gradientNorm and gnorm count as gradient norms; a loss declared after the site does not count', () => {
    const source = new SourceAnalysis(
      ['for (let i = 0; i < 3; i++) {', '  const gnorm = 1;', '  const lr = 0.1;', '  const loss = 2;', '}', 'function g(gradientNorm: number) {', '  while (true) { const lr = 0.2; }', '}', ''].join('\n'),
      'inline.ts',
    );
    assert.deepEqual(
      source.scan.sites.map((s) => [s.value, s.gradNormVariable, s.lossVariable]),
      [
        [0.1, 'gnorm', null],
        [0.2, 'gradientNorm', null],
      ],
    );
  });
});

describe('codeActions/lrNames', () => {
  it('classifyName: learning-rate names and their prefixed forms; other names are null', () => {
    const lr = ['lr', 'LR', 'learningRate', 'learning_rate', 'LEARNING_RATE', 'learning-rate', 'baseLr', 'initialLr', 'initLearningRate', 'peakLr', 'maxLr', 'base_lr', 'lr0', 'eta0', 'learningRateInit'];
    for (const name of lr) assert.equal(classifyName(name), 'lr', name);
    assert.equal(classifyName('alpha'), 'alpha');
    assert.equal(classifyName('Alpha'), 'alpha');
    assert.equal(classifyName('eta'), 'eta');
    assert.equal(classifyName('stepSize'), 'stepSize');
    assert.equal(classifyName('step_size'), 'stepSize');
    for (const name of ['globalAlpha', 'alphaBlend', 'lrX', 'xlr', 'color', 'beta', 'stepSizeUp', 'etaMin', 'minLr2', 'lrs', 'flr']) assert.equal(classifyName(name), null, name);
  });

  it('whyNotLr: values outside (0, 10] are never learning rates, whatever the name', () => {
    const none = { siblings: [], enclosingNames: [] };
    assert.equal(whyNotLr('lr', 'lr', 10, none), null);
    assert.match(whyNotLr('lr', 'lr', 10.5, none)!, /larger/);
    assert.match(whyNotLr('lr', 'lr', 0, none)!, /not a positive/);
    assert.match(whyNotLr('lr', 'lr', Number.NaN, none)!, /not a positive/);
  });

  it('whyNotLr: lr names ignore colour surroundings; alpha does not', () => {
    const colour = { siblings: ['r', 'g', 'b'], enclosingNames: ['fillStyle'] };
    assert.equal(whyNotLr('lr', 'lr', 0.5, colour), null);
    assert.notEqual(whyNotLr('alpha', 'alpha', 0.5, colour), null);
    assert.notEqual(whyNotLr('eta', 'eta', 0.5, { siblings: [], enclosingNames: ['strokeStyle'] }), null);
    assert.equal(whyNotLr('alpha', 'alpha', 0.5, { siblings: ['beta1', 'beta2'], enclosingNames: ['adam'] }), null);
  });

  it('camelName: identifiers from site names', () => {
    assert.deepEqual(['lr', 'LR', 'learning_rate', 'LEARNING_RATE', 'learning-rate', 'baseLr', 'eta0', '0bad'].map(camelName), ['lr', 'lr', 'learningRate', 'learningRate', 'learningRate', 'baseLr', 'eta0', 'learningRate']);
  });
});
