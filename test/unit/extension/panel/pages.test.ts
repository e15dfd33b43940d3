import assert from 'node:assert/strict';
import { Pages, type PageHost } from '../../../../src/extension/panel/pages';
import type { HostToWebview } from '../../../../src/shared/protocol';

function host(name: string, log: string[]): PageHost & { close(): void } {
  const closers: Array<() => void> = [];
  return {
    isReady: true,
    visible: true,
    post: (m: HostToWebview) => void log.push(`${name} ${m.type}`),
    postRunData: (runId: string) => void log.push(`${name} data ${runId}`),
    setRefreshMs: (ms: number) => void log.push(`${name} refresh ${ms}`),
    whenReady: async () => undefined,
    requestPng: async () => '',
    onDidDispose: (listener: () => void) => (closers.push(listener), { dispose: () => undefined }),
    close: () => closers.forEach((c) => c()),
  };
}

describe('Pages', () => {
  it('Pages broadcasts to every open page host and forgets a closed one', () => {
    const log: string[] = [];
    const pages = new Pages();
    const panel = host('panel', log);
    const view = host('view', log);
    pages.add(panel);
    pages.add(view);
    pages.post({ type: 'runsCleared', runIds: [] });
    pages.postRunData('r', { firstStep: 1, lr: [], loss: [], gradNorm: [], metrics: {} });
    pages.setRefreshMs(50);
    panel.close();
    pages.post({ type: 'requestPng', requestId: 1 });
    assert.deepEqual(log, ['panel runsCleared', 'view runsCleared', 'panel data r', 'view data r', 'panel refresh 50', 'view refresh 50', 'view requestPng']);
    assert.deepEqual(pages.all, [view]);
  });
});
