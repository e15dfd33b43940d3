/**
 * Shapes shared by the code generator: the kernel sources lifted from the engine's files,
 * and the generated code handed to the editor (code actions, completions, the plot panel).
 */

/** One parameter of a kernel function, as written in the engine's source. */
export interface KernelParam {
  readonly name: string;
  /** The type annotation's text, e.g. `number` or `'cos' | 'linear'`. */
  readonly type: string;
}

/**
 * A top-level declaration lifted verbatim from an engine file (a schedule's `xxxLr` kernel,
 * an optimizer's `XxxOptions` / `XxxState` / `xxxInit` / `xxxStep`, or a type or helper one of
 * them needs).
 */
export interface KernelSource {
  readonly kind: 'function' | 'interface' | 'type';
  /** Repository-relative path of the file it was read from. */
  readonly file: string;
  /** Its JSDoc and declaration exactly as in the file, except that the `export ` keyword is left out. */
  readonly text: string;
  /** Offset in `text` where the declaration starts (after the JSDoc): where `export ` goes back in. */
  readonly declarationStart: number;
  /** Whether the engine exports it (a helper a kernel calls may be file-local). */
  readonly exported: boolean;
  /** The function's parameters (empty for interfaces and types). */
  readonly params: readonly KernelParam[];
  /** Declarations of the same file it refers to, which must be emitted before it. */
  readonly dependencies: readonly string[];
  /** Every identifier in `text` that names a declaration of the table (its own name included), as [name, offset]: where a rename must edit. */
  readonly references: readonly (readonly [string, number])[];
}

export type KernelTable = Readonly<Record<string, KernelSource>>;

/** Generated top-level declarations, ready to insert into a user's TypeScript file. */
export interface GeneratedDeclarations {
  /** Top-level declarations: the kernels used (verbatim, with their JSDoc) then the generated part. 2-space indent, '\n' EOL, single quotes; ends with '\n'. */
  readonly text: string;
  /** The same text as a VS Code snippet: the values a user would tune are tab stops `${1:0.01}`, … (`$`, `}` and `\` escaped elsewhere), `$0` at the end. */
  readonly snippet: string;
  /** Every top-level name the text declares (for collision checks). */
  readonly declaredNames: readonly string[];
}

/** What a call of a generated schedule needs, besides nothing. */
export type ScheduleInput = 'step' | 'loss' | 'gradNorm';

export interface GeneratedCode extends GeneratedDeclarations {
  /** The wrapper's name, e.g. 'learningRate' (or 'createLearningRate' for a stateful schedule). */
  readonly functionName: string;
  /**
   * What a call needs, in order: e.g. ['step'], ['loss'] or ['step', 'loss']. For a 'stateful'
   * schedule these are the parameters of the returned object's `lr(...)` ('plateau' → []).
   */
  readonly parameters: readonly ScheduleInput[];
  /**
   * 'function': `functionName(...parameters)` returns the lr. 'stateful' (a schedule that
   * reads a metric, like ReduceLROnPlateau): `functionName()` returns `{ lr(...parameters),
   * report(...reportParameters) }`; call `report` after every optimizer step.
   */
  readonly kind: 'function' | 'stateful';
  /** For 'stateful': the parameters of `report`, in order: ['metric'] or ['step', 'metric'] (when nested in warmup/sequential). Empty for 'function'. */
  readonly reportParameters: readonly ('step' | 'metric')[];
}
