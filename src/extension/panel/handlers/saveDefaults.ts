import * as l10n from '@vscode/l10n';
import type { Handler } from './types';

/** "Save as default": the page's controls become the `lrlab.*` settings new panels start from (the workbench says where). */
export const saveDefaults: Handler<'saveDefaults'> = async (message, room) => {
  try {
    await room.saveDefaults(message.controls);
  } catch (e) {
    room.pages.post({ type: 'error', message: l10n.t('Could not save the defaults: {0}', e instanceof Error ? e.message : String(e)) });
  }
};
