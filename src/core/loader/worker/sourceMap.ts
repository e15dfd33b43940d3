/**
 * Positions in the evaluated bundle → positions in the user's files, through esbuild's
 * source map: for stack frames (where user code threw) and for function definitions (where
 * a grad that returned the wrong thing is written).
 */
import * as path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { SourceLocation } from '../../errors';
import type { BundledCode } from '../workerProtocol';
import { functionLocation } from './functionLocation';

/** The call sites V8 captured for each error whose stack was formatted (see installStackMapping). */
const callSitesOf = new WeakMap<object, NodeJS.CallSite[]>();
let active: BundleLocator | null = null;

export class BundleLocator {
  private traceMap: TraceMap | null = null;
  private bundleScriptId: string | null = null;

  constructor(readonly bundle: BundledCode) {}

  /** Errors thrown from now on have their bundle frames printed as the user's positions. */
  activate(): void {
    active = this;
  }

  /** The user's position of a 1-based line and column in the bundle, or null when it maps to nothing. */
  map(line: number, column: number): SourceLocation | null {
    this.traceMap ??= new TraceMap(this.bundle.map);
    const original = originalPositionFor(this.traceMap, { line, column: Math.max(0, column - 1) });
    if (original.source === null || original.line === null) return null;
    return { file: path.resolve(this.bundle.sourceRoot, original.source), line: original.line, column: original.column + 1 };
  }

  /**
   * Where in the user's code `error` was thrown: its innermost frame inside the bundle that
   * maps to the user's own files (a bundled npm package's frame only when there is no other).
   */
  locateError(error: unknown): SourceLocation | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    void (error as { stack?: unknown }).stack; // V8 formats the stack (and so records the call sites) on first read
    let inPackage: SourceLocation | undefined;
    for (const site of callSitesOf.get(error) ?? []) {
      if (site.getFileName() !== this.bundle.file) continue;
      const line = site.getLineNumber();
      const column = site.getColumnNumber();
      if (line === null || column === null) continue;
      const location = this.map(line, column);
      if (!location) continue;
      if (!/[\\/]node_modules[\\/]/.test(location.file)) return location;
      inPackage ??= location;
    }
    return inPackage;
  }

  /** Where the user's function `fn` is defined, when it is defined in the bundle. */
  locateFunction(fn: unknown, bundleFunction: unknown): SourceLocation | undefined {
    if (typeof fn !== 'function') return undefined;
    try {
      this.bundleScriptId ??= functionLocation(bundleFunction)?.scriptId ?? null;
      const at = functionLocation(fn);
      if (!at || at.scriptId !== this.bundleScriptId) return undefined;
      return this.map(at.lineNumber + 1, at.columnNumber + 1) ?? undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Make every error's `stack` show the user's file:line:col for frames in the bundle, and
 * remember the structured call sites for BundleLocator.locateError. Installed once in the
 * worker (its own isolate, so nothing else is affected).
 */
export function installStackMapping(): void {
  Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]): string => {
    callSitesOf.set(error, sites);
    let header: string;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = 'Error';
    }
    const lines = sites.map((site) => `    at ${formatSite(site)}`);
    return [header, ...lines].join('\n');
  };
}

function formatSite(site: NodeJS.CallSite): string {
  const text = String(site);
  if (active === null || site.getFileName() !== active.bundle.file) return text;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const location = line !== null && column !== null ? active.map(line, column) : null;
  if (!location) return text;
  const where = `${location.file}:${location.line}:${location.column}`;
  const name = site.getFunctionName();
  return name ? `${name} (${where})` : where;
}
