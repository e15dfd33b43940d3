import * as l10n from '@vscode/l10n';
import type { Handler } from './types';

export const noObjectiveYet = (): string => l10n.t('No objective yet: open a TypeScript file with an objective and use "LR Lab: Run Optimizer" or its CodeLens.');

/** Run: the panel's objective with the page's control values. */
export const run: Handler<'run'> = async (message, room) => {
  const target = room.playground.target;
  if (!target) {
    room.pages.post({ type: 'error', message: noObjectiveYet() });
    return;
  }
  await room.launcher.run(target, message.controls, message.stepThrough === true ? { stepThrough: true } : {});
};
