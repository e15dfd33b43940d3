/**
 * Test harness for generated code: compile in-memory modules with the TypeScript compiler
 * (one program, a custom CompilerHost), evaluate a module in a fresh vm context, and read VS
 * Code snippet syntax back (written here from the snippet grammar, independently of the
 * generator's escaping).
 */
import vm from 'node:vm';
import ts from 'typescript';

/** The settings generated code must compile under (the issue's: strict, no implicit any, unused locals allowed). */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noImplicitAny: true,
  noUnusedLocals: false,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.CommonJS,
  types: [],
  noEmit: true,
};

const libCache = new Map<string, ts.SourceFile | undefined>();

/**
 * Diagnostics of one program made of `files` (name → text, e.g. `gen0.ts`), formatted as
 * `file:line:col: message`. Lib files come from the installed TypeScript (cached).
 */
export function compileDiagnostics(files: ReadonlyMap<string, string>, options: ts.CompilerOptions = STRICT_OPTIONS): string[] {
  const host = ts.createCompilerHost(options);
  const defaultGetSourceFile = host.getSourceFile.bind(host);
  const key = (f: string): string => `/virtual/${f}`;
  const byPath = new Map([...files].map(([name, text]) => [key(name), text]));
  host.getSourceFile = (fileName, languageVersion, onError) => {
    const text = byPath.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    if (!libCache.has(fileName)) libCache.set(fileName, defaultGetSourceFile(fileName, languageVersion, onError));
    return libCache.get(fileName);
  };
  const defaultFileExists = host.fileExists.bind(host);
  const defaultReadFile = host.readFile.bind(host);
  host.fileExists = (fileName) => byPath.has(fileName) || defaultFileExists(fileName);
  host.readFile = (fileName) => byPath.get(fileName) ?? defaultReadFile(fileName);
  host.getCurrentDirectory = () => '/virtual';
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
  });
}

/** Transpile `text` to CommonJS and run it in a fresh context; returns its exports. No `require`: generated code imports nothing. */
export function evaluateModule(text: string): Record<string, unknown> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(js, { module, exports: module.exports, Float64Array, Error }, { timeout: 10_000 });
  return module.exports;
}

/** Import declarations, `require` calls and `import(…)` expressions in `text`. */
export function importsOf(text: string): string[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isImportEqualsDeclaration(n) || (ts.isExportDeclaration(n) && n.moduleSpecifier)) found.push(n.getText(sf));
    if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) found.push(n.getText(sf));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

export interface ParsedSnippet {
  /** The text VS Code inserts when every tab stop keeps its default. */
  readonly text: string;
  /** Tab stop number → its default text (the first occurrence that has one). */
  readonly tabStops: ReadonlyMap<number, string>;
  /** How often each tab stop number occurs. */
  readonly occurrences: ReadonlyMap<number, number>;
  readonly hasFinalTabStop: boolean;
  /** True when `$0` is the very last thing. */
  readonly endsWithFinalTabStop: boolean;
}

/**
 * Parse VS Code snippet syntax (the subset generated code may use): `\\$`, `\\}`, `\\\\`
 * escapes; `$n`, `${n}`, `${n:default}` with nested placeholders; `${n|a,b|}` choices.
 * Strict where VS Code is lenient, to catch sloppy escaping: a `$` that does not start a tab
 * stop and a `}` outside a placeholder are errors.
 */
export function parseSnippet(snippet: string): ParsedSnippet {
  const tabStops = new Map<number, string>();
  const occurrences = new Map<number, number>();
  let hasFinal = false;
  let endsWithFinal = false;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`snippet syntax at ${i}: ${why} (…${snippet.slice(Math.max(0, i - 30), i + 30)}…)`);
  };
  const count = (n: number): void => {
    occurrences.set(n, (occurrences.get(n) ?? 0) + 1);
    if (n === 0) hasFinal = true;
  };
  const digits = (): number => {
    const start = i;
    while (i < snippet.length && snippet[i]! >= '0' && snippet[i]! <= '9') i++;
    if (i === start) fail('expected a tab stop number');
    return Number(snippet.slice(start, i));
  };
  // Reads text until `}` (inside a placeholder) or the end; returns the inserted text.
  const sequence = (nested: boolean): string => {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i]!;
      if (c === '\\') {
        const next = snippet[i + 1];
        if (next === '$' || next === '}' || next === '\\') {
          out += next;
          i += 2;
        } else {
          out += c;
          i++;
        }
      } else if (c === '}') {
        if (nested) return out;
        fail('unescaped } outside a placeholder');
      } else if (c === '$') {
        i++;
        endsWithFinal = false;
        if (snippet[i] === '{') {
          i++;
          const n = digits();
          count(n);
          if (snippet[i] === '}') {
            i++;
          } else if (snippet[i] === ':') {
            i++;
            const value = sequence(true);
            if (snippet[i] !== '}') fail('unterminated placeholder');
            i++;
            if (!tabStops.has(n)) tabStops.set(n, value);
            out += value;
            continue;
          } else if (snippet[i] === '|') {
            i++;
            const end = snippet.indexOf('|}', i);
            if (end < 0) fail('unterminated choice');
            const first = snippet.slice(i, end).split(',')[0]!;
            i = end + 2;
            if (!tabStops.has(n)) tabStops.set(n, first);
            out += first;
            continue;
          } else {
            fail('expected }, : or | after the tab stop number');
          }
          out += tabStops.get(n) ?? '';
        } else {
          const n = digits();
          count(n);
          if (n === 0 && i === snippet.length) endsWithFinal = true;
          out += tabStops.get(n) ?? '';
        }
        continue;
      } else {
        out += c;
        i++;
      }
    }
    if (nested) fail('unterminated placeholder');
    return out;
  };
  const text = sequence(false);
  return { text, tabStops, occurrences, hasFinalTabStop: hasFinal, endsWithFinalTabStop: endsWithFinal };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), for observation and metric sequences. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
