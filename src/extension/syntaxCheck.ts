/**
 * A fast syntax-only check of TypeScript text with esbuild's parser (no bundling, no
 * imports followed) — used to clear compile-error diagnostics as soon as the user fixes them.
 */
import type { Message } from 'esbuild';
import type { SerializedError } from '../core/errors';
import { bundler } from '../core/loader/esbuildApi';

function toError(m: Message, file: string): SerializedError {
  return {
    code: 'compileError',
    message: m.text,
    location: { file: m.location?.file && m.location.file !== '<stdin>' ? m.location.file : file, line: m.location?.line ?? 1, column: (m.location?.column ?? 0) + 1 },
  };
}

export async function syntaxErrors(text: string, file: string): Promise<SerializedError[]> {
  try {
    await (await bundler()).api.transform(text, { loader: file.endsWith('x') ? 'tsx' : 'ts', sourcefile: file, logLevel: 'silent' });
    return [];
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!Array.isArray(errors)) throw e;
    return errors.map((m) => toError(m, file));
  }
}
