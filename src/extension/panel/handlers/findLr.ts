import { noObjectiveYet } from './run';
import type { Handler } from './types';

/** Find lr: fastai's range test on the panel's objective with the page's optimizer. */
export const findLr: Handler<'findLr'> = async (message, room) => {
  const target = room.playground.target;
  if (!target) {
    room.pages.post({ type: 'error', message: noObjectiveYet() });
    return;
  }
  const { type: _type, ...request } = message;
  await room.finder.find(target, request);
};
