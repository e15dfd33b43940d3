/**
 * Objectives in an open document, found statically (TypeScript's parser, no execution) —
 * for the CodeLens, the quick pick and the panel's objective list. Cached per document
 * version, since CodeLens asks often.
 */
import type * as vscode from 'vscode';
import { discoverObjectives, warmBundler, type DiscoveredObjective } from '../core/loader';

const cache = new WeakMap<vscode.TextDocument, { version: number; objectives: DiscoveredObjective[] }>();

export function discoverInDocument(document: vscode.TextDocument): DiscoveredObjective[] {
  const hit = cache.get(document);
  if (hit && hit.version === document.version) return hit.objectives;
  let objectives: DiscoveredObjective[];
  try {
    objectives = discoverObjectives(document.getText(), document.uri.fsPath);
  } catch {
    objectives = []; // a file TypeScript cannot parse has no lenses until it parses again
  }
  cache.set(document, { version: document.version, objectives });
  // A file with an objective is on screen: its first run will want the bundler (esbuild-wasm takes ~0.5 s to start).
  if (objectives.length > 0) warmBundler();
  return objectives;
}

/** TypeScript files LR Lab looks at. */
export function isObjectiveDocument(document: vscode.TextDocument): boolean {
  return (document.languageId === 'typescript' || document.languageId === 'typescriptreact') && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote');
}
