/**
 * Lift the engine's kernels out of its source files with the TypeScript compiler API, so the
 * code LR Lab inserts into a user's file is the code its engine runs, never a hand copy.
 * Used by `npm run generate` (scripts/generate.ts) and the staleness test; the extension
 * itself only reads the generated table (kernelSources.generated.ts) and never loads the
 * compiler for this.
 */
import type * as TS from 'typescript';
import { LrLabError } from '../errors';
import { optimizerTypes } from '../optimizers';
import { scheduleTypes } from '../schedules/registry';
import type { KernelParam, KernelSource } from './types';

export interface SourceFileText {
  /** Repository-relative path with '/' separators, e.g. `src/core/schedules/cosine.ts`. */
  readonly path: string;
  readonly text: string;
}

export interface ExtractedKernel extends KernelSource {
  readonly name: string;
}

export interface Extraction {
  /** Kernels in file order, then declaration order; dependencies come before their users. */
  readonly kernels: readonly ExtractedKernel[];
  /** The JSDoc of each optimizer definition (`export const adam = …`), by optimizer type. */
  readonly definitionDocs: Readonly<Record<string, string>>;
}

/** The engine files kernels are lifted from: one per schedule type and per optimizer. */
export function kernelSourcePaths(): string[] {
  return [...scheduleTypes.map((t) => `src/core/schedules/${t}.ts`), ...optimizerTypes.map((t) => `src/core/optimizers/${t}.ts`)];
}

type Role = { readonly kind: 'schedule' } | { readonly kind: 'optimizer'; readonly type: string };

function roleOf(path: string): Role {
  const match = /(?:^|\/)(schedules|optimizers)\/([A-Za-z0-9]+)\.ts$/.exec(path);
  if (match?.[1] === 'schedules' && (scheduleTypes as readonly string[]).includes(match[2]!)) return { kind: 'schedule' };
  if (match?.[1] === 'optimizers' && (optimizerTypes as readonly string[]).includes(match[2]!)) return { kind: 'optimizer', type: match[2]! };
  throw new LrLabError('invalidConfig', `kernel extraction: ${path} is neither a schedule file (src/core/schedules/<type>.ts) nor an optimizer file (src/core/optimizers/<type>.ts)`);
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

type TopLevel = TS.FunctionDeclaration | TS.InterfaceDeclaration | TS.TypeAliasDeclaration;

/**
 * The kernels of `files` (see kernelSourcePaths) with their JSDoc, parameters, same-file
 * dependencies and rename points:
 *  - a schedule file gives every exported function (`cosineLr`, `plateauReport`, …);
 *  - an optimizer file `xxx.ts` gives `XxxOptions`, `XxxState`, `xxxInit` and `xxxStep`, and
 *    the JSDoc of its definition `xxx`;
 * plus every declaration of the same file these refer to (e.g. `PlateauState`), transitively.
 * Throws LrLabError when a kernel uses something it cannot be lifted with (an import, a
 * top-level constant) or when two files declare kernels of the same name.
 */
export function extractKernels(files: readonly SourceFileText[]): Extraction {
  const ts = require('typescript') as typeof TS;
  const options: TS.CompilerOptions = { noLib: true, noResolve: true, target: ts.ScriptTarget.ES2022, types: [] };
  const byName = new Map(files.map((f) => [f.path, f]));
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (fileName, languageVersion) => {
    const file = byName.get(fileName);
    return file ? ts.createSourceFile(fileName, file.text, languageVersion, true) : undefined;
  };
  host.fileExists = (fileName) => byName.has(fileName);
  host.readFile = (fileName) => byName.get(fileName)?.text;
  const program = ts.createProgram({ rootNames: files.map((f) => f.path), options, host });
  const checker = program.getTypeChecker();

  const kernels: ExtractedKernel[] = [];
  const definitionDocs: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const file of files) {
    const role = roleOf(file.path);
    const sf = program.getSourceFile(file.path)!;
    const topLevel = new Map<string, TopLevel>();
    for (const statement of sf.statements) {
      if ((ts.isFunctionDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name) {
        topLevel.set(statement.name.text, statement);
      }
    }
    const wanted: string[] = [];
    if (role.kind === 'schedule') {
      for (const [name, node] of topLevel) if (ts.isFunctionDeclaration(node) && isExported(ts, node)) wanted.push(name);
    } else {
      const type = role.type;
      const names = [`${capitalize(type)}Options`, `${capitalize(type)}State`, `${type}Init`, `${type}Step`];
      for (const name of names) {
        if (!topLevel.has(name)) throw new LrLabError('invalidConfig', `kernel extraction: ${file.path} has no top-level ${name} (an optimizer file declares ${names.join(', ')})`);
        wanted.push(name);
      }
      const doc = definitionDoc(ts, sf, type);
      if (doc === null) throw new LrLabError('invalidConfig', `kernel extraction: ${file.path} has no documented \`export const ${type}\` definition`);
      definitionDocs[type] = doc;
    }

    // Close over same-file dependencies, emitting each after what it needs.
    const ordered: string[] = [];
    const visiting = new Set<string>();
    const deps = new Map<string, string[]>();
    const visit = (name: string): void => {
      if (ordered.includes(name) || visiting.has(name)) return;
      visiting.add(name);
      const node = topLevel.get(name)!;
      const needs = sameFileDependencies(ts, checker, node, sf, file.path, topLevel);
      deps.set(name, needs);
      for (const need of needs) visit(need);
      visiting.delete(name);
      ordered.push(name);
    };
    for (const name of wanted) visit(name);

    const included = new Set(ordered);
    for (const name of ordered) {
      const previous = seen.get(name);
      if (previous !== undefined) throw new LrLabError('invalidConfig', `kernel extraction: ${name} is declared in both ${previous} and ${file.path}; kernel names must be unique`);
      seen.set(name, file.path);
      kernels.push({ name, ...lift(ts, checker, topLevel.get(name)!, sf, file.path, included, deps.get(name)!) });
    }
  }
  return { kernels, definitionDocs };
}

function isExported(ts: typeof TS, node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The last JSDoc block directly before `node` (its leading comments), with its range. */
function jsDocRange(ts: typeof TS, node: TS.Node, sf: TS.SourceFile): TS.CommentRange | null {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const docs = ranges.filter((r) => r.kind === ts.SyntaxKind.MultiLineCommentTrivia && sf.text.startsWith('/**', r.pos));
  return docs.length > 0 ? docs[docs.length - 1]! : null;
}

function definitionDoc(ts: typeof TS, sf: TS.SourceFile, type: string): string | null {
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement) || !isExported(ts, statement)) continue;
    if (!statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === type)) continue;
    const range = jsDocRange(ts, statement, sf);
    return range ? sf.text.slice(range.pos, range.end) : null;
  }
  return null;
}

/** Identifiers in `node` and the declarations they resolve to. */
function forEachIdentifier(ts: typeof TS, node: TS.Node, visit: (id: TS.Identifier) => void): void {
  const walk = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) visit(n);
    ts.forEachChild(n, walk);
  };
  walk(node);
}

function declarationsOf(checker: TS.TypeChecker, id: TS.Identifier): readonly TS.Declaration[] {
  return checker.getSymbolAtLocation(id)?.declarations ?? [];
}

/**
 * The top-level declarations of the same file `node` refers to. A reference to an import or
 * to anything else declared at the top level (a constant, a class) cannot be lifted: error.
 */
function sameFileDependencies(
  ts: typeof TS,
  checker: TS.TypeChecker,
  node: TopLevel,
  sf: TS.SourceFile,
  path: string,
  topLevel: ReadonlyMap<string, TopLevel>,
): string[] {
  const out: string[] = [];
  const own = node.name!.text;
  forEachIdentifier(ts, node, (id) => {
    for (const declaration of declarationsOf(checker, id)) {
      if (declaration.getSourceFile() !== sf) continue;
      if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration)) {
        throw new LrLabError('invalidConfig', `kernel extraction: ${own} in ${path} uses the import ${id.text}, so it cannot be lifted into a user's file (kernels must be self-contained)`);
      }
      const top = topLevelAncestor(declaration, sf);
      if (top === undefined) continue; // a local of the kernel itself
      if (top === node) continue;
      const name = (top as Partial<TopLevel>).name;
      if (!name || !ts.isIdentifier(name) || topLevel.get(name.text) !== top) {
        throw new LrLabError(
          'invalidConfig',
          `kernel extraction: ${own} in ${path} uses the top-level ${id.text}, which is not a function, interface or type alias, so it cannot be lifted (kernels must be self-contained)`,
        );
      }
      if (!out.includes(name.text)) out.push(name.text);
    }
  });
  return out;
}

/** The statement of `sf` that contains `declaration`, or undefined when it is the source file itself. */
function topLevelAncestor(declaration: TS.Node, sf: TS.SourceFile): TS.Node | undefined {
  let n: TS.Node = declaration;
  while (n.parent && n.parent !== sf) n = n.parent;
  return n.parent === sf ? n : undefined;
}

/** Whether `id` is a property name (in `a.b`, `{ b: … }`, `interface { b }`) rather than a reference. */
function isPropertyName(ts: typeof TS, id: TS.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isQualifiedName(p) && p.right === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === id) return true;
  return false;
}

function lift(
  ts: typeof TS,
  checker: TS.TypeChecker,
  node: TopLevel,
  sf: TS.SourceFile,
  path: string,
  included: ReadonlySet<string>,
  dependencies: readonly string[],
): KernelSource {
  const doc = jsDocRange(ts, node, sf);
  const declarationStartInFile = node.getStart(sf);
  const exportKeyword = (ts.getModifiers(node) ?? []).find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  // Cut ` export ` out: the text runs JSDoc, newline/indent, then the declaration without it.
  const cut = exportKeyword ? { from: exportKeyword.getStart(sf), to: skipSpaces(sf.text, exportKeyword.getEnd()) } : null;
  const start = doc ? doc.pos : declarationStartInFile;
  const end = node.getEnd();
  const piece = (from: number, to: number): string => sf.text.slice(from, to);
  const text = cut ? piece(start, cut.from) + piece(cut.to, end) : piece(start, end);
  const offsetOf = (filePos: number): number => (cut && filePos >= cut.to ? filePos - start - (cut.to - cut.from) : filePos - start);

  const references: [string, number][] = [];
  forEachIdentifier(ts, node, (id) => {
    if (!included.has(id.text) || isPropertyName(ts, id)) return;
    // Only references to the table's own declarations (not locals that happen to share a name).
    if (declarationsOf(checker, id).some((d) => topLevelAncestor(d, sf) === d)) {
      references.push([id.text, offsetOf(id.getStart(sf))]);
    }
  });
  const params: KernelParam[] = ts.isFunctionDeclaration(node)
    ? node.parameters.map((p) => ({ name: p.name.getText(sf), type: p.type ? p.type.getText(sf) : 'any' }))
    : [];
  return {
    kind: ts.isFunctionDeclaration(node) ? 'function' : ts.isInterfaceDeclaration(node) ? 'interface' : 'type',
    file: path,
    text,
    declarationStart: offsetOf(cut ? cut.from : declarationStartInFile),
    exported: exportKeyword !== undefined,
    params,
    dependencies,
    references,
  };
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (text[i] === ' ') i++;
  return i;
}
