// Workspace trust for `npm start` (scripts/start.mjs): the repository's own examples/ open trusted,
// so a newcomer's first click on ▶ Run runs instead of explaining Restricted Mode; any other folder
// keeps trust on, as for a user.
//
// Why the code-server switch and not "trust this one folder": VS Code has no API, setting or
// command-line option that trusts a single folder. It keeps the folders a person trusted in the
// workbench's application storage (key `content.trust.model.key`), which in code-server lives in
// the browser's IndexedDB: the browser is the person's own, opened on the URL `npm start` prints,
// so a launcher cannot seed it. The narrowest switch there is, `--disable-workspace-trust`, goes
// to this one throwaway code-server instance (bound to 127.0.0.1, its own scratch user data, gone
// on Ctrl+C), and only when it opens examples/: code that came with the repository the person is
// already running scripts from, so trusting it grants nothing new. `--restricted` keeps trust on
// for examples/ too (to try Restricted Mode).
import { resolve } from 'node:path';

/**
 * Whether the code-server of `npm start` runs with workspace trust on for `folder`, and the line
 * `npm start` prints about it.
 */
export function startTrust(folder, repoRoot, { restricted = false } = {}) {
  const examples = resolve(repoRoot, 'examples');
  if (resolve(folder) === examples && !restricted) {
    return { workspaceTrust: false, note: `Workspace trust: off for this instance, which opens the repository's own examples (${examples}); --restricted keeps it on.` };
  }
  return { workspaceTrust: true, note: `Workspace trust: on (${resolve(folder)} opens in Restricted Mode until you trust it).` };
}
