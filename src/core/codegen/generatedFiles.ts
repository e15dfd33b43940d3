/**
 * The files `npm run generate` writes, computed from the engine's sources: the kernel table
 * and the VS Code snippets (built from the freshly lifted kernels, not the committed table).
 * The staleness test computes the same list in memory and compares.
 */
import { extractKernels, kernelSourcePaths } from './extract';
import { KERNEL_MODULE_PATH, renderKernelModule } from './kernelModule';
import { renderSnippetsFile, SNIPPETS_PATH } from './snippetsFile';
import type { KernelTable } from './types';

export interface GeneratedFile {
  /** Repository-relative path. */
  readonly path: string;
  readonly text: string;
}

/** `read(path)` gives a repository-relative file's text. */
export function generatedFiles(read: (path: string) => string): GeneratedFile[] {
  const extraction = extractKernels(kernelSourcePaths().map((path) => ({ path, text: read(path) })));
  const kernels: KernelTable = Object.fromEntries(extraction.kernels.map(({ name, ...kernel }) => [name, kernel]));
  return [
    { path: KERNEL_MODULE_PATH, text: renderKernelModule(extraction) },
    { path: SNIPPETS_PATH, text: renderSnippetsFile({ kernels, definitionDocs: extraction.definitionDocs }) },
  ];
}
