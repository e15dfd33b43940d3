/** `npm start`'s workspace trust (scripts/startTrust.mjs): the repository's examples/ open trusted, anything else as for a user. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
// @ts-expect-error -- a plain ES module of the scripts, without types
import { startTrust } from '../../../scripts/startTrust.mjs';
import { REPO_ROOT } from '../../harness/paths';

type Trust = { workspaceTrust: boolean; note: string };
const trust = startTrust as (folder: string, repoRoot: string, options?: { restricted?: boolean }) => Trust;

describe('scripts/startTrust: workspace trust for npm start', () => {
  it('examples/ (however it is spelled): code-server without workspace trust, and the note says so', () => {
    for (const folder of [join(REPO_ROOT, 'examples'), join(REPO_ROOT, 'examples') + '/', join(REPO_ROOT, 'scripts', '..', 'examples')]) {
      const result = trust(folder, REPO_ROOT);
      assert.equal(result.workspaceTrust, false, folder);
      assert.match(result.note, /off for this instance, which opens the repository's own examples/);
    }
  });

  it('any other folder (a parent of examples/, a sibling, the repository itself) keeps trust on', () => {
    for (const folder of [REPO_ROOT, join(REPO_ROOT, 'test/fixtures'), join(REPO_ROOT, 'examples/..'), '/tmp']) {
      const result = trust(folder, REPO_ROOT);
      assert.equal(result.workspaceTrust, true, folder);
      assert.match(result.note, /Restricted Mode until you trust it/);
    }
  });

  it('--restricted keeps trust on for examples/ too', () => {
    assert.equal(trust(join(REPO_ROOT, 'examples'), REPO_ROOT, { restricted: true }).workspaceTrust, true);
  });
});
