/**
 * The @x0 quick fix keys on the diagnostic's code and line, not on its words: in zh-cn the loader's
 * "untagged has no starting point" reaches the editor as "untagged 没有起始点…", and the fix is
 * still offered for the right objective (the loader's real error, worded at the border).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { startRun } from '../../../../src/core/loader';
import { resolveRunConfig } from '../../../../src/core/minimize/config';
import { NO_STARTING_POINT_CODE, diagnosticCodeOf, objectiveWithoutStartingPoint } from '../../../../src/extension/codeActions/diagnosticFix';
import { planX0Tag } from '../../../../src/extension/codeActions/editPlan';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';
import { localizedDetail } from '../../../../src/shared/engineText';
import { fixture, repoRoot, requireBuild, workerPath } from '../../core/loader/fixtures';

const zhCn = JSON.parse(readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

describe('the @x0 quick fix reads the diagnostic as data', function () {
  this.timeout(20_000);
  before(requireBuild);
  afterEach(() => l10n.config({ contents: {} }));

  it('a function without a starting point: its own diagnostic code, its line, the fix for it, with the message in Chinese', async () => {
    const file = fixture('noStartingPoint.ts');
    const outcome = await startRun({ file, config: resolveRunConfig({ iterations: 1 }), workerPath }, {}).done;
    const error = outcome.error!;
    assert.equal(error.code, 'invalidObjective');
    assert.equal(diagnosticCodeOf(error), NO_STARTING_POINT_CODE);
    assert.equal(error.message, 'untagged has no starting point: add a JSDoc tag `@x0 [...]` or pass --x0', 'English where no language is configured');
    l10n.config({ contents: zhCn });
    assert.equal(localizedDetail(error.message, error.text), 'untagged 没有起始点：请添加 JSDoc 标签 `@x0 [...]` 或传入 --x0', 'what the Problems view shows in zh-cn');
    const analysis = new SourceAnalysis(readFileSync(file, 'utf8'), file);
    const objective = objectiveWithoutStartingPoint(analysis.objectives, error.location!.line);
    assert.equal(objective?.name, 'untagged');
    const plan = planX0Tag(analysis, objective.name);
    assert.equal(plan?.insertion.text, '@x0 [0] ', 'the tag goes into the one-line doc comment');
  });

  it('other problems keep the error code; without a location the only untagged function is the one', () => {
    assert.equal(diagnosticCodeOf({ code: 'invalidObjective', message: 'x', text: { id: 'x0Empty', args: ['f'] } }), 'invalidObjective');
    assert.equal(diagnosticCodeOf({ code: 'gradientLength', message: 'x' }), 'gradientLength');
    const source = ['/** @x0 [1, 2] */', 'export function tagged(x: number[]) { return x[0]! ** 2; }', '', 'export function bare(x: number[]) { return x[0]! ** 2; }', ''].join('\n');
    const analysis = new SourceAnalysis(source, 'two.ts');
    assert.equal(objectiveWithoutStartingPoint(analysis.objectives, 1)?.name, 'bare', 'line 1 is no function: the only untagged one');
    assert.equal(objectiveWithoutStartingPoint(analysis.objectives, 4)?.name, 'bare');
  });
});
