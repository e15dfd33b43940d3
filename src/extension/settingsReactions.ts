/**
 * What a change of `lrlab.*` settings or of workspace trust does while the pages are open:
 * the refresh interval applies at once, a change of a run setting reaches the controls — but
 * what the user changed in the panel stays (`rebaseControls`) — and trust granted updates the
 * pages' context.
 */
import * as vscode from 'vscode';
import type { ControlValues } from '../shared/protocol';
import type { Pages } from './panel/pages';
import type { Playground } from './runs/persistence';
import { rebaseControls, settingsToControls, type LrLabSettings } from './settings';

/** The settings the panel's controls start from. */
const CONTROL_SETTINGS = ['optimizer', 'learningRate', 'option', 'optimizerOptions', 'schedule', 'scheduleOption', 'scheduleOptions', 'iterations'];

export function reactToSettings(settings: () => LrLabSettings, pages: Pages, playground: Playground, postContext: () => void): vscode.Disposable {
  // The controls the settings gave last: what the panel's controls differ from them in is the user's.
  let base = settingsToControls(settings());
  const subscriptions = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('lrlab')) return;
      const s = settings();
      pages.setRefreshMs(s.refreshIntervalMs);
      if (CONTROL_SETTINGS.some((k) => e.affectsConfiguration(`lrlab.${k}`))) {
        const next = settingsToControls(s);
        // Edits made in the panel stay; controls a command or the settings set follow the settings.
        const edited = playground.editedInPanel;
        const controls: ControlValues = edited ? rebaseControls(playground.controls, base, next) : next;
        base = next;
        playground.setControls(controls, null, edited);
        pages.post({ type: 'controls', controls });
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(postContext),
  ];
  return vscode.Disposable.from(...subscriptions);
}
