/** The suites, in the order they run and appear in BENCHMARKS.md; each is loaded only in its own process. */
import type { Suite } from '../lib/result';

export const SUITES: ReadonlyArray<{ id: string; load(): Promise<Suite> }> = [
  { id: 'optimizerStep', load: async () => (await import('./optimizerStep')).optimizerStep },
  { id: 'familyStep', load: async () => (await import('./familyStep')).familyStep },
  { id: 'minimize', load: async () => (await import('./minimize')).minimizeSuite },
  { id: 'coldStart', load: async () => (await import('./coldStart')).coldStart },
  { id: 'inEditor', load: async () => (await import('./inEditor')).inEditor },
  { id: 'webview', load: async () => (await import('./webview')).webview },
  { id: 'playground', load: async () => (await import('./playground')).playground },
  { id: 'gradientCost', load: async () => (await import('./gradientCost')).gradientCost },
];
