/**
 * The import graph of our own sources (src/, webview/), read with the TypeScript compiler's
 * parser: every `import`, `export … from`, `import x = require()`, `require()` and `import()`
 * with a literal specifier. Relative specifiers resolve to files; anything else is a package
 * (or a Node built-in). Used by the borders test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import * as ts from 'typescript';

export const ROOT = join(__dirname, '..', '..', '..');

export interface ImportEdge {
  /** Repository-relative path of the importing file, '/'-separated. */
  readonly from: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** Repository-relative path of the imported file, or null for a package. */
  readonly file: string | null;
  /** The package name (`zod/mini` → `zod/mini`, `node:fs` → `node:fs`), or null for a file. */
  readonly pkg: string | null;
  /** `import type` / `export type`, or every named binding type-only: gone after compilation. */
  readonly typeOnly: boolean;
  readonly line: number;
}

export interface SourceFacts {
  readonly imports: ImportEdge[];
  /** `/// <reference lib="…" />` and `/// <reference types="…" />` directives. */
  readonly references: string[];
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** Every .ts file under `dir` (repository-relative). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(toPosix(relative(ROOT, path)));
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

function resolveFile(from: string, specifier: string): string | null {
  const base = join(ROOT, dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return toPosix(relative(ROOT, candidate));
    } catch {
      // not this one
    }
  }
  return null;
}

function isTypeOnlyDeclaration(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
  const clause = node.importClause;
  if (!clause) return false; // `import './x'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The imports and reference directives of one file. */
export function readSource(path: string): SourceFacts {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports: ImportEdge[] = [];
  const add = (specifier: string, node: ts.Node, typeOnly: boolean): void => {
    const relativeSpecifier = specifier.startsWith('.');
    const file = relativeSpecifier ? resolveFile(path, specifier) : null;
    const pkg = relativeSpecifier ? null : specifier;
    imports.push({ from: path, specifier, file: relativeSpecifier ? (file ?? `${specifier} (unresolved)`) : null, pkg, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node, isTypeOnlyDeclaration(node));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add((node.arguments[0] as ts.StringLiteral).text, node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const references = [...source.libReferenceDirectives.map((r) => `lib:${r.fileName}`), ...source.typeReferenceDirectives.map((r) => `types:${r.fileName}`)];
  return { imports, references };
}

/** Cycles among the files of `facts`, along every import (type-only ones too: a cycle of types is still a knot in the design). */
export function importCycles(facts: ReadonlyMap<string, SourceFacts>): string[][] {
  const edges = new Map<string, string[]>();
  for (const [file, f] of facts) edges.set(file, [...new Set(f.imports.filter((i) => i.file !== null && facts.has(i.file)).map((i) => i.file!))]);
  // Tarjan's strongly connected components; a component of more than one file (or a self-import) is a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!indices.has(v)) connect(v);
  return cycles;
}
