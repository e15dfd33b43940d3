/**
 * The one wrapper around `acquireVsCodeApi()` (callable once per page): typed messages to the
 * host and the persisted view state.
 */
import type { WebviewToHost } from '../src/shared/protocol';
import { sanitizeViewState, type ViewState } from './state';

const api = acquireVsCodeApi<ViewState>();

/** Send a message to the extension host (which validates it again). */
export function postToHost(message: WebviewToHost): void {
  api.postMessage(message);
}

export function loadViewState(): ViewState {
  return sanitizeViewState(api.getState());
}

export function saveViewState(state: ViewState): void {
  api.setState(state);
}
