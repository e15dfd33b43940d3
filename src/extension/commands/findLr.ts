import type { FinderCompletion, FinderRoom } from '../finder/finderRoom';
import * as l10n from '@vscode/l10n';
import type { Playground } from '../runs/persistence';
import { pickTarget } from './pickTarget';

/**
 * `LR Lab: Find Learning Rate` — also the CodeLens' "Find lr" (which passes the file and
 * objective): fastai's range test with the panel's optimizer, plotted in the panel.
 */
export async function findLr(finder: FinderRoom, playground: Playground, aim: (target: NonNullable<Playground['target']>) => void, uri?: unknown, objective?: unknown): Promise<FinderCompletion | undefined> {
  const target = await pickTarget(uri, objective, l10n.t('Choose the objective to find the learning rate of'));
  if (!target) return undefined;
  aim(target);
  return finder.find(target, { optimizer: playground.controls.optimizer });
}
