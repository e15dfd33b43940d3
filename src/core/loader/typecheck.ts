/**
 * The TypeScript errors of a user's objective file, as warnings at their file:line:col. esbuild
 * only strips types, so `const n: number = 'text'` runs — with numbers nobody meant; the type
 * checker says so before the user trusts them.
 *
 * The file is checked as VS Code checks it: with the nearest tsconfig.json when that project
 * includes the file, else with the options of VS Code's implicit project for a loose file
 * (ES2020 with the DOM library, strict null checks and function types, `@types` found from the
 * file's folder up). Only errors in the user's own files count (not in node_modules or
 * declaration files); syntax errors are left to the bundler, which reports them as compile
 * errors. `typescript` (a runtime dependency, external to the bundles) is loaded on first use.
 *
 * Checking costs a second or so (the libraries' declarations are parsed each time), so the CLI
 * runs it in a worker thread beside the run (startTypecheck): only runs shorter than that wait.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as TS from 'typescript';
import type { SourceLocation } from '../errors';

export interface TypeProblem {
  /** `TS2322`. */
  readonly code: string;
  readonly message: string;
  readonly location: SourceLocation & { readonly column: number };
}

export interface TypecheckOptions {
  /** Unsaved editor text of `file` instead of its contents on disk. */
  readonly source?: string;
  /** The language of the messages (`zh-cn`: TypeScript's own Chinese, as VS Code shows them); English by default. */
  readonly locale?: string;
}

/** VS Code's implicit project for a TypeScript file outside any tsconfig (typescript-language-features' defaults). */
function implicitOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strictNullChecks: true,
    strictFunctionTypes: true,
    allowJs: true,
    allowSyntheticDefaultImports: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.Preserve,
  };
}

/** The options of the nearest tsconfig.json whose project includes `file`, else null. */
function projectOptions(ts: typeof TS, file: string): TS.CompilerOptions | null {
  const config = ts.findConfigFile(path.dirname(file), (p) => ts.sys.fileExists(p));
  if (config === undefined) return null;
  const read = ts.readConfigFile(config, (p) => ts.sys.readFile(p));
  if (read.error) return null;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config), undefined, config);
  const included = parsed.fileNames.some((name) => path.resolve(name) === file);
  return included ? parsed.options : null;
}

/** The TypeScript errors of `file` (and of the local files it imports), in order. Synchronous. */
export function typecheckFile(file: string, options: TypecheckOptions = {}): TypeProblem[] {
  const ts = require('typescript') as typeof TS;
  // TypeScript words its diagnostics in the locales it ships (lib/<locale>/); an unknown one stays English.
  if (options.locale !== undefined && options.locale !== 'en') ts.validateLocaleAndSetLanguage(options.locale, ts.sys, []);
  const absolute = path.resolve(file);
  const compilerOptions: TS.CompilerOptions = { ...(projectOptions(ts, absolute) ?? implicitOptions(ts)), noEmit: true, skipLibCheck: true, incremental: false, composite: false, declaration: false };
  const host = ts.createCompilerHost(compilerOptions);
  if (options.source !== undefined) {
    const getSourceFile = host.getSourceFile.bind(host);
    const source = options.source;
    host.getSourceFile = (name, language, onError, create) =>
      path.resolve(name) === absolute ? ts.createSourceFile(name, source, language, true) : getSourceFile(name, language, onError, create);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => path.resolve(name) === absolute || fileExists(name);
  }
  const program = ts.createProgram({ rootNames: [absolute], options: compilerOptions, host });
  const problems: TypeProblem[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (!isUserFile(sourceFile.fileName, program, sourceFile)) continue;
    for (const diagnostic of program.getSemanticDiagnostics(sourceFile)) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error || diagnostic.file === undefined || diagnostic.start === undefined) continue;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      problems.push({
        code: `TS${diagnostic.code}`,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
        location: { file: path.resolve(diagnostic.file.fileName), line: line + 1, column: character + 1 },
      });
    }
  }
  return problems;
}

/** The user's own sources: not declaration files, not libraries, not node_modules. */
function isUserFile(name: string, program: TS.Program, sourceFile: TS.SourceFile): boolean {
  return !sourceFile.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sourceFile) && !program.isSourceFileDefaultLibrary(sourceFile) && !/[\\/]node_modules[\\/]/.test(name);
}

/** typecheck.js next to this bundle (dist/); from the sources (tests under tsx), the built dist/typecheck.js. */
function typecheckWorkerPath(): string {
  const beside = path.join(__dirname, 'typecheck.js');
  if (existsSync(beside)) return beside;
  return path.join(__dirname, '..', '..', '..', 'dist', 'typecheck.js');
}

/**
 * typecheckFile in a worker thread, so it runs beside whatever the caller does (a run's own
 * worker) instead of blocking it. Resolves with the problems, or rejects when the checker
 * itself fails (typescript missing, a crash): the caller says that it could not check.
 */
export function startTypecheck(file: string, options: TypecheckOptions = {}): Promise<TypeProblem[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(typecheckWorkerPath(), { workerData: { file, source: options.source, locale: options.locale } });
    worker.once('message', (problems: TypeProblem[]) => {
      resolve(problems);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the type checker stopped (exit ${code}) before it answered`)));
  });
}
