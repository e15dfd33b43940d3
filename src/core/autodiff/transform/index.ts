/**
 * The source transform: a user's TypeScript (or JavaScript) file → JavaScript whose functions
 * can record their arithmetic on the tape (see functions.ts and instrument.ts), with a source
 * map back to the file. TypeScript's own `transpileModule` strips the types and prints; the
 * transform runs as its `before` transformer on the parsed file, with this file's bindings
 * (bindings.ts) and what is provably passive (activity.ts).
 */
import { Script } from 'node:vm';
import type * as TS from 'typescript';
import { Activity } from './activity';
import { bindFile } from './bindings';
import type { TransformContext } from './context';
import { generateAdjoints } from './adjoint';
import { FunctionTransformer } from './functions';

export type TransformOutcome =
  /** Transformed: JavaScript (ES2022 modules) with an inline source map. */
  | { readonly kind: 'transformed'; readonly code: string; readonly runtimeName: string }
  /** The file opts out with `// @lrlab-gradient numeric` (1-based line of the comment). */
  | { readonly kind: 'optOut'; readonly line: number }
  /** The file does not parse: left to esbuild, which reports the error where it is. */
  | { readonly kind: 'syntaxError' };

/** The identifier transformed code reaches the runtime by (the worker passes it to the bundle). */
export const RUNTIME_NAME = '__lrad';

/** The opt-out comment: `// @lrlab-gradient numeric`. */
const OPT_OUT = /^[ \t]*(?:\/\/|\/?\*+)[ \t]*@lrlab-gradient[ \t]+numeric\b/m;

/** Math functions the runtime replaces. */
const MATH_FUNCTIONS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Math).filter((name) => typeof (Math as unknown as Record<string, unknown>)[name] === 'function'));

let typescript: typeof TS | undefined;
function ts(): typeof TS {
  typescript ??= require('typescript') as typeof TS;
  return typescript;
}

/** Where the opt-out comment is, or null. */
export function optOutLine(source: string): number | null {
  const match = OPT_OUT.exec(source);
  if (match === null) return null;
  return source.slice(0, match.index).split('\n').length;
}

/**
 * Transform `source`, the text of `fileName` (the name decides TS/TSX/JS parsing and is what
 * the source map points to).
 */
export function transformSource(source: string, fileName: string): TransformOutcome {
  const line = optOutLine(source);
  if (line !== null) return { kind: 'optOut', line };
  const t = ts();
  const runtimeName = source.includes(RUNTIME_NAME) ? `${RUNTIME_NAME}${uniqueSuffix(source)}` : RUNTIME_NAME;
  let adjoints = '';
  const factory = (context: TS.TransformationContext) => (file: TS.SourceFile): TS.SourceFile => {
    const bindings = bindFile(t, file);
    // The generated adjoints are a faster path beside the tape: if writing them fails, the tape remains.
    try {
      adjoints = generateAdjoints(t, file, bindings, runtimeName);
      // Generated code that did not parse would break the whole file: check it does (parsing runs nothing).
      if (adjoints !== '') new Script(adjoints, { filename: 'lrlab-adjoints.js' });
    } catch (e) {
      if (process.env.LRLAB_ADJOINT_STRICT) throw e;
      adjoints = '';
    }
    const c: TransformContext = { ts: t, f: context.factory, file, bindings, activity: new Activity(t, bindings, file), runtimeName };
    return new FunctionTransformer(c, MATH_FUNCTIONS).sourceFile(file);
  };
  const jsx = /\.[cm]?[jt]sx$/i.test(fileName);
  const result = t.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: t.ScriptTarget.ES2022,
      module: t.ModuleKind.ESNext,
      sourceMap: true,
      inlineSources: false,
      isolatedModules: true,
      useDefineForClassFields: true,
      ...(jsx ? { jsx: t.JsxEmit.Preserve } : {}),
    },
    transformers: { before: [factory] },
  });
  if (result.diagnostics?.some((d) => d.category === t.DiagnosticCategory.Error)) return { kind: 'syntaxError' };
  const code = result.outputText.replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '');
  const map = result.sourceMapText ?? '';
  return { kind: 'transformed', code: `${code}${adjoints}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`, runtimeName };
}

function uniqueSuffix(source: string): number {
  let n = 1;
  while (source.includes(`${RUNTIME_NAME}${n}`)) n++;
  return n;
}
