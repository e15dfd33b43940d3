/**
 * The committed generated files match what `npm run generate` makes from the current engine
 * sources (the test never rewrites them), and the snippets file is valid VS Code snippet JSON
 * whose bodies are exactly the code actions' code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXTRA_SCHEDULE_SNIPPET_KINDS,
  OPTIMIZER_SNIPPET_PREFIXES,
  SCHEDULE_SNIPPET_KINDS,
  SNIPPET_CONTEXT,
  optimizerCode,
  scheduleCode,
  type VsCodeSnippet,
} from '../../../../src/core/codegen';
import { generatedFiles } from '../../../../src/core/codegen/generatedFiles';
import { optimizerTypes } from '../../../../src/core/optimizers';
import { resolveScheduleConfig } from '../../../../src/core/schedules';
import { compileDiagnostics, parseSnippet } from './harness';

const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

describe('generated files', function () {
  this.timeout(60_000);

  it('kernelSources.generated.ts and snippets/typescript.code-snippets are up to date (else: run npm run generate)', function () {
    const files = generatedFiles(read);
    assert.deepEqual(
      files.map((f) => f.path),
      ['src/core/codegen/kernelSources.generated.ts', 'snippets/typescript.code-snippets'],
    );
    for (const file of files) {
      const committed = read(file.path);
      if (committed !== file.text) {
        const lines = committed.split('\n');
        const fresh = file.text.split('\n');
        const at = fresh.findIndex((line, i) => line !== lines[i]);
        assert.fail(`${file.path} is stale: run npm run generate (first difference at line ${at + 1}:\n  committed: ${lines[at]}\n  generated: ${fresh[at]})`);
      }
    }
  });

  describe('snippets/typescript.code-snippets', function () {
    const snippets = JSON.parse(read('snippets/typescript.code-snippets')) as Record<string, VsCodeSnippet>;
    const entries = Object.entries(snippets);

    it('has one snippet per schedule kind (13 code-action kinds, plateau, sequential) and per optimizer, with the issue’s prefixes', function () {
      assert.deepEqual(
        entries.map(([, s]) => s.prefix),
        [
          'lr-step',
          'lr-multistep',
          'lr-exponential',
          'lr-inversetime',
          'lr-linear',
          'lr-polynomial',
          'lr-cosine',
          'lr-warmrestarts',
          'lr-onecycle',
          'lr-cyclic',
          'lr-warmup-cosine',
          'lr-lossbased',
          'lr-gradientbased',
          'lr-plateau',
          'lr-sequential',
          'opt-sgd',
          'opt-adagrad',
          'opt-rmsprop',
          'opt-adam',
          'opt-adamw',
          'opt-adadelta',
          'opt-adamax',
          'opt-nadam',
          'opt-radam',
          'opt-adafactor',
          'opt-rprop',
          'opt-asgd',
          'opt-lbfgs',
          'opt-lion',
          'opt-sgd-schedulefree',
          'opt-adamw-schedulefree',
          'opt-prodigy',
          'opt-dadapt-adam',
        ],
      );
      for (const [name, s] of entries) {
        assert.ok(Array.isArray(s.body) && s.body.every((line) => typeof line === 'string' && !line.includes('\n')), `${name}: body is lines`);
        assert.ok(typeof s.description === 'string' && s.description.length > 20, `${name}: description`);
      }
    });

    it('bodies are valid snippet syntax: tab stops 1…n, $0 once at the end, every other $ and } escaped', function () {
      for (const [name, s] of entries) {
        const parsed = parseSnippet(s.body.join('\n'));
        const numbers = [...parsed.tabStops.keys()].sort((a, b) => a - b);
        assert.ok(numbers.length > 0, `${name}: tab stops`);
        assert.deepEqual(numbers, numbers.map((_, i) => i + 1), name);
        assert.equal(parsed.occurrences.get(0), 1, name);
        assert.ok(parsed.endsWithFinalTabStop, name);
      }
    });

    it('bodies are the code actions’ code (defaults for a base lr of 0.01 and 100 steps), and compile strict', function () {
      const files = new Map<string, string>();
      const kinds = [...SCHEDULE_SNIPPET_KINDS, ...EXTRA_SCHEDULE_SNIPPET_KINDS];
      kinds.forEach((kind, i) => {
        const code = scheduleCode(resolveScheduleConfig(kind.config, SNIPPET_CONTEXT), SNIPPET_CONTEXT.baseLr);
        const entry = entries.find(([, s]) => s.prefix === kind.prefix)!;
        assert.equal(entry[1].body.join('\n'), code.snippet, kind.prefix);
        files.set(`schedule${i}.ts`, parseSnippet(code.snippet).text);
      });
      for (const type of optimizerTypes) {
        const entry = entries.find(([, s]) => s.prefix === OPTIMIZER_SNIPPET_PREFIXES[type])!;
        assert.equal(entry[1].body.join('\n'), optimizerCode(type).snippet, type);
        files.set(`${type}.ts`, parseSnippet(entry[1].body.join('\n')).text);
      }
      assert.deepEqual(compileDiagnostics(files), []);
    });

    it('descriptions carry the formulas', function () {
      assert.match(snippets['LR Lab: Cosine annealing (CosineAnnealingLR)']!.description, /lr\(t\) = etaMin \+ \(base − etaMin\) · \(1 \+ cos\(π·t \/ tMax\)\) \/ 2/);
      assert.match(snippets['LR Lab: Linear warmup + cosine annealing']!.description, /Linear warmup: lr\(t\) = inner\(0\).*; Cosine annealing: lr\(t\) = etaMin/);
      assert.match(snippets['LR Lab: Adam optimizer (torch.optim.Adam)']!.description, /m ← β₁m \+ \(1 − β₁\)g/);
    });
  });
});
