/**
 * Code generation: learning-rate schedule, optimizer and gradient-check code that users insert
 * into their own TypeScript files (code actions, completions, the plot panel, snippets). The
 * code is the engine's own kernels, lifted verbatim (extract.ts → kernelSources.generated.ts,
 * `npm run generate`), plus generated wrappers; it imports nothing from LR Lab.
 * extract.ts and generatedFiles.ts load the TypeScript compiler and are for the generator only.
 */
export { scheduleCode, type ScheduleCodeOptions } from './scheduleCode';
export { optimizerCode, type OptimizerCode, type OptimizerCodeOptions } from './optimizerCode';
export { gradientCheckCode, type GradientCheckCode, type GradientCheckCodeOptions, type GradientCheckObjective } from './gradientCheckCode';
export { SCHEDULE_SNIPPET_KINDS, EXTRA_SCHEDULE_SNIPPET_KINDS, type ScheduleSnippetKind, type RawTypedConfig } from './scheduleKinds';
export { OPTIMIZER_SNIPPET_PREFIXES, SNIPPET_CONTEXT, SNIPPETS_PATH, buildSnippets, renderSnippetsFile, type VsCodeSnippet } from './snippetsFile';
export { numberLiteral, valueLiteral } from './literal';
export { escapeSnippetText } from './pieces';
export { kernelSources, definitionDocs } from './kernelSources.generated';
export type { GeneratedCode, GeneratedDeclarations, KernelParam, KernelSource, KernelTable, ScheduleInput } from './types';
