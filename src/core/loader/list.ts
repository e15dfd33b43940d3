/** listObjectives: the objectives a file exports, as loaded (dims, gradients) and as written (lines, `@x0` tags). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunLimits } from '../minimize/config';
import type { ObjectiveInfo } from '../objective';
import { WORKER_PROTOCOL_VERSION } from './workerProtocol';
import { askWorker } from './ask';
import { discoverObjectives, type DiscoveredObjective } from './discover';

export interface ListOptions {
  readonly source?: string;
  readonly limits?: Partial<RunLimits>;
  readonly workerPath?: string;
}

/**
 * Load `file` in a worker and describe each objective it exports (in export order): form,
 * dimension (a plain function's from its `@x0` tag, null without one), whether it has its
 * own gradient, data (stochastic) and metrics, its line, and where its gradient comes from
 * in a run (`gradient`: its grad, the exact gradient — tried at its starting point — or
 * central differences with the reason). Rejects with an LrLabError when the file does not
 * compile or load.
 */
export async function listObjectives(file: string, opts: ListOptions = {}): Promise<ObjectiveInfo[]> {
  // The transform needs TypeScript's compiler anyway, so discovery (lines, @x0 tags) comes first:
  // the worker tries each plain function's exact gradient at its tag.
  let discovered: DiscoveredObjective[] = [];
  try {
    discovered = discoverObjectives(opts.source ?? readFileSync(file, 'utf8'), path.resolve(file));
  } catch {
    // Lines and tags are extras: the loaded objectives stand without them.
  }
  const x0Tags: Record<string, number[]> = {};
  for (const d of discovered) if (d.form === 'function' && d.x0 !== null) x0Tags[d.name] = d.x0;
  const options = { file, ...opts, autodiff: 'on' as const };
  const objectives = await askWorker(options, (bundle, gauge) => ({ version: WORKER_PROTOCOL_VERSION, type: 'list', bundle, gauge, x0Tags }), (m) => (m.type === 'objectives' ? m.objectives : undefined));
  return objectives.map((o) => {
    const d = discovered.find((x) => x.name === o.name);
    if (!d) return o;
    const dim = o.dim ?? (o.form === 'function' ? (d.x0?.length ?? null) : null);
    return { ...o, dim, line: d.line };
  });
}
