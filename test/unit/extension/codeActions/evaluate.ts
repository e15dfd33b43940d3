/**
 * Run and type-check edited TypeScript in the tests: the code an action produces must parse,
 * type-check under `strict`, and compute what the schedule's formula says.
 */
import * as ts from 'typescript';

/** Transpile to CommonJS and run it; its exports. Throws on a syntax error. */
export function evaluate(text: string, fileName = 'edited.ts'): Record<string, unknown> {
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const errors = out.diagnostics ?? [];
  if (errors.length > 0) throw new Error(`${fileName} does not parse: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', out.outputText)(module.exports, require, module);
  return module.exports;
}

/** Syntax errors of a text (empty when it parses). */
export function syntaxErrors(text: string, fileName = 'edited.ts'): string[] {
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Type errors of in-memory files under strict settings (Node's types available), as `file: message`. */
export function typeErrors(files: Readonly<Record<string, string>>): string[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], skipLibCheck: true, noUncheckedIndexedAccess: true };
  const host = ts.createCompilerHost(options);
  const root = `${process.cwd()}/.virtual/`;
  const names = Object.keys(files).map((f) => root + f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName.startsWith(root)) {
      const text = files[fileName.slice(root.length)];
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion, true);
    }
    return getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => (fileName.startsWith(root) ? files[fileName.slice(root.length)] !== undefined : fileExists(fileName));
  const program = ts.createProgram(names, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.slice(root.length) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
