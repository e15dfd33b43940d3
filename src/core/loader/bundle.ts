/**
 * Bundle a user's objective file with esbuild: TypeScript stripped, its own imports and npm
 * packages inlined, Node's built-in modules left as `require` calls. The result is one
 * CommonJS script plus an external source map, which the worker evaluates and uses to map
 * stack frames back to the user's files.
 */
import * as path from 'node:path';
import type { BuildFailure, Message } from 'esbuild';
import { autodiffPlugin, emptyReport, transformForBundle } from '../autodiff/plugin';
import { LrLabError, type SerializedError } from '../errors';
import { bundler } from './esbuildApi';
import type { BundledCode } from './workerProtocol';

export interface BundleOptions {
  /** Unsaved editor text to bundle instead of the file's contents on disk. */
  readonly source?: string;
  /**
   * Transform the file and the workspace files it imports so that their functions can record
   * exact gradients (src/core/autodiff); the bundle's `autodiff` says what was done to which file.
   */
  readonly autodiff?: boolean;
}

/** A file that does not bundle: every error esbuild reported, the first also as `error`. */
export class CompileError extends LrLabError {
  constructor(readonly errors: readonly SerializedError[]) {
    const first = errors[0]!;
    super('compileError', first.message, first.location);
  }
}

/** The (never written) output path: the map's `sources` are relative to its directory. */
const OUTPUT_NAME = '__lrlab_bundle__.js';

/**
 * Bundle `file` (or `options.source` as if it were that file). Rejects with a CompileError
 * (code 'compileError', 1-based line and column) when the file does not parse or an import
 * cannot be resolved. esbuild is loaded lazily (native, else esbuild-wasm: `esbuildApi.ts`), so
 * importing the loader stays cheap.
 */
export async function bundleObjectiveFile(file: string, options: BundleOptions = {}): Promise<BundledCode> {
  const absolute = path.resolve(file);
  const dir = path.dirname(absolute);
  const esbuild = (await bundler()).api;
  const report = options.autodiff === true ? emptyReport() : null;
  let entry;
  if (options.source !== undefined) {
    // Unsaved text has no file for the plugin to load: it is transformed here.
    const transformed = report !== null ? transformForBundle(options.source, absolute, report) : null;
    const contents = transformed?.contents ?? options.source;
    const loader = transformed?.loader ?? (/x$/i.test(absolute) ? ('tsx' as const) : ('ts' as const));
    entry = { stdin: { contents, resolveDir: dir, sourcefile: path.basename(absolute), loader } };
  } else {
    entry = { entryPoints: [absolute] };
  }
  try {
    const result = await esbuild.build({
      ...entry,
      absWorkingDir: dir,
      outfile: path.join(dir, OUTPUT_NAME),
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: report !== null ? [autodiffPlugin(report)] : [],
    });
    let code: string | undefined;
    let map: string | undefined;
    for (const output of result.outputFiles) {
      if (output.path.endsWith('.map')) map = output.text;
      else code = output.text;
    }
    if (code === undefined || map === undefined) throw new Error(`esbuild produced no bundle for ${absolute}`);
    return { file: absolute, code, map, sourceRoot: dir, ...(report !== null ? { autodiff: report } : {}) };
  } catch (e) {
    if (isBuildFailure(e)) throw new CompileError(e.errors.length ? e.errors.map((m) => toSerialized(m, dir, absolute)) : [{ code: 'compileError', message: e.message }]);
    throw e;
  }
}

function isBuildFailure(e: unknown): e is BuildFailure {
  return e instanceof Error && Array.isArray((e as Partial<BuildFailure>).errors);
}

/** An esbuild message as an error at the user's 1-based line and column. */
function toSerialized(message: Message, dir: string, entryFile: string): SerializedError {
  const loc = message.location;
  if (!loc) return { code: 'compileError', message: message.text };
  const file = loc.file === '' || loc.file === '<stdin>' ? entryFile : path.resolve(dir, loc.file);
  return { code: 'compileError', message: message.text, location: { file, line: loc.line, column: utf16Column(loc.lineText, loc.column) + 1 } };
}

/** esbuild counts columns in UTF-8 bytes; editors count UTF-16 code units. */
function utf16Column(lineText: string, byteColumn: number): number {
  const bytes = Buffer.from(lineText, 'utf8');
  if (byteColumn >= bytes.length) return lineText.length + (byteColumn - bytes.length);
  return bytes.subarray(0, byteColumn).toString('utf8').length;
}

/**
 * One file's bundles, plain and transformed, each made at most once: a sweep's cells share them,
 * and ask for them as a run alone would (a plain bundle first, the transformed one only when a
 * worker finds that the objective needs the exact gradient).
 */
export class SharedBundles {
  private readonly made = new Map<boolean, Promise<BundledCode>>();

  constructor(
    readonly file: string,
    readonly source?: string,
  ) {}

  get(autodiff: boolean): Promise<BundledCode> {
    let bundle = this.made.get(autodiff);
    if (bundle === undefined) {
      bundle = bundleObjectiveFile(this.file, { ...(this.source !== undefined ? { source: this.source } : {}), autodiff });
      bundle.catch(() => undefined); // each request that uses it reports the problem
      this.made.set(autodiff, bundle);
    }
    return bundle;
  }
}
