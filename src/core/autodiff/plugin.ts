/**
 * The transform inside esbuild's bundling: every file of the user's workspace that the
 * objective's file imports (not npm packages) is transformed as it is loaded, so helpers in
 * other files record on the tape too. What happened to each file is collected for the run
 * (which files opted out, which were left to esbuild because they do not parse).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Loader, Plugin } from 'esbuild';
import { transformSource } from './transform';

export interface AutodiffReport {
  /** Identifiers transformed code uses for the runtime (normally just `__lrad`). */
  readonly runtimeNames: string[];
  /** Files transformed. */
  readonly transformed: string[];
  /** Files with `// @lrlab-gradient numeric`, and the comment's line. */
  readonly optOut: { file: string; line: number }[];
  /** Files the transform failed on (with why): bundled as they are. */
  readonly failed: { file: string; message: string }[];
}

export function emptyReport(): AutodiffReport {
  return { runtimeNames: [], transformed: [], optOut: [], failed: [] };
}

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/i;

function loaderFor(file: string): Loader {
  if (/\.tsx$/i.test(file)) return 'tsx';
  if (/\.jsx$/i.test(file)) return 'jsx';
  // TypeScript's lenient module checks (a re-exported type is not an error) stay in force.
  if (/\.[cm]?ts$/i.test(file)) return 'ts';
  return 'js';
}

/** Transform `source` of `file` into what esbuild should load, recording the outcome in `report`; null: load it as it is. */
export function transformForBundle(source: string, file: string, report: AutodiffReport): { contents: string; loader: Loader } | null {
  try {
    const out = transformSource(source, file);
    if (out.kind === 'optOut') {
      report.optOut.push({ file, line: out.line });
      return null;
    }
    if (out.kind === 'syntaxError') return null;
    if (!report.runtimeNames.includes(out.runtimeName)) report.runtimeNames.push(out.runtimeName);
    report.transformed.push(file);
    return { contents: out.code, loader: loaderFor(file) };
  } catch (e) {
    report.failed.push({ file, message: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

/** The esbuild plugin; outcomes go to `report`. */
export function autodiffPlugin(report: AutodiffReport): Plugin {
  return {
    name: 'lrlab-autodiff',
    setup(build) {
      build.onLoad({ filter: SOURCE }, async (args) => {
        if (args.namespace !== 'file' || /[\\/]node_modules[\\/]/.test(args.path) || /\.d\.[cm]?ts$/i.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const out = transformForBundle(source, args.path, report);
        return out === null ? undefined : { ...out, resolveDir: path.dirname(args.path) };
      });
    },
  };
}
