/** The finder room on the built worker: the range test streamed to the pages, its result kept, refusals. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { startFinder } from '../../../../src/core/loader';
import { FinderRoom } from '../../../../src/extension/finder/finderRoom';
import { SETTINGS_DEFAULTS } from '../../../../src/extension/settings';
import { FakeLog, FakePages, FakeRunUi, target } from '../fakes';
import { markedLine, requireBuild, workerPath } from '../../core/loader/fixtures';

const BOWL = path.join(__dirname, '..', '..', '..', 'fixtures', 'quadraticBowl.ts');

function setup() {
  const pages = new FakePages();
  const ui = new FakeRunUi();
  const reported: unknown[] = [];
  const room = new FinderRoom({
    pages,
    ui,
    diagnostics: { report: (_uri, errors) => reported.push(errors) },
    log: new FakeLog(),
    settings: () => SETTINGS_DEFAULTS,
    showPanel: async () => undefined,
    start: (opts, listener) => startFinder({ ...opts, workerPath }, listener),
  });
  return { pages, ui, room, reported };
}

describe('FinderRoom', function () {
  this.timeout(30_000);
  before(requireBuild);

  it('streams the range test (with the smoothed loss) and ends with fastai’s suggestions; the state is kept for a reloaded page', async () => {
    const { pages, room } = setup();
    const done = await room.find(target('quadraticBowl', BOWL), { optimizer: { type: 'sgd', momentum: 0.5, lr: 9 }, numIt: 60, startLr: 1e-5, endLr: 2 });
    assert.equal(done.status, 'finished');
    assert.deepEqual(pages.types.slice(0, 1), ['finderStarted']);
    assert.equal(pages.types.at(-1), 'finderFinished');
    const started = pages.of('finderStarted')[0]!.finder;
    assert.equal(started.config.optimizer.type, 'sgd');
    assert.equal(started.config.optimizer.momentum, 0.5);
    assert.equal(started.config.optimizer.lr, 1e-5, 'the optimizer’s own lr is the ramp’s first');
    const data = pages.of('finderData');
    const streamed = data.flatMap((d) => d.losses as number[]);
    const result = pages.of('finderFinished')[0]!.result;
    assert.deepEqual(streamed, result.losses);
    assert.deepEqual(data.flatMap((d) => d.smoothed as number[]), result.smoothed);
    assert.ok(result.suggestions.valley !== null && result.suggestions.minimum !== null);
    assert.deepEqual(room.state?.result, result);
    assert.equal(room.isRunning, false);
  });

  it('is refused in Restricted Mode and for a config it cannot ramp, saying why', async () => {
    const { pages, ui, room } = setup();
    ui.trusted = false;
    const refused = await room.find(target('quadraticBowl', BOWL), { optimizer: { type: 'adam' } });
    assert.equal(refused.status, 'refused');
    assert.equal(ui.restrictedExplained, 1);
    ui.trusted = true;
    const bad = await room.find(target('quadraticBowl', BOWL), { optimizer: { type: 'adam' }, startLr: 1, endLr: 0.1 });
    assert.equal(bad.status, 'refused');
    assert.match(pages.of('error')[0]!.message, /^Find lr: .*endLr \(0\.1\) must be larger than its startLr \(1\)/);
  });

  it("an objective that cannot run: the notification in the reader's language (zh-cn), its diagnostic at the object, and the page gets the sentence as data", async () => {
    const file = path.join(__dirname, '..', '..', '..', 'fixtures', 'badObjects.ts');
    l10n.config({ contents: JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
    try {
      const { pages, ui, room, reported } = setup();
      const done = await room.find(target('nanStart', file), { optimizer: { type: 'adam' } });
      assert.equal(done.status, 'finished');
      assert.deepEqual(ui.errors, ['LR Lab: nanStart.x0[1] 必须是有限数（得到 NaN）']);
      const error = pages.of('finderFinished')[0]!.result.error!;
      assert.deepEqual(error.text, { id: 'x0EntryNotFinite', args: ['nanStart', 1, 'NaN'] });
      assert.equal(error.location?.line, markedLine(file, 'nanStart'));
      assert.deepEqual((reported[0] as { location?: { line: number } }[]).map((e) => e.location?.line), [markedLine(file, 'nanStart')]);
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('stops at once on cancel, keeping the steps so far as the curve', async () => {
    const { pages, room } = setup();
    const running = room.find(target('slowBowl', path.join(__dirname, '..', '..', '..', 'fixtures', 'slow.ts')), { optimizer: { type: 'sgd' }, numIt: 100_000 });
    // The first streamed steps, or the finder's end if it ended before any (a failure, said with its reason).
    await Promise.race([pages.first('finderData'), running.then((done) => assert.fail(`the finder ended before streaming: ${JSON.stringify(done).slice(0, 300)}`))]);
    assert.equal(room.cancel(), true);
    const done = await running;
    assert.equal(done.status, 'finished');
    assert.equal(done.status === 'finished' && done.result.stopReason, 'cancelled');
    assert.ok(pages.of('finderFinished')[0]!.result.lrs.length > 0);
  });
});
