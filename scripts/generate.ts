/**
 * npm run generate: lift the engine's kernels into src/core/codegen/kernelSources.generated.ts
 * and write snippets/typescript.code-snippets from them. Run it after changing a schedule or
 * optimizer file; the codegen unit test fails while either file is stale (it never rewrites them).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generatedFiles } from '../src/core/codegen/generatedFiles';

const root = resolve(__dirname, '..');
for (const file of generatedFiles((path) => readFileSync(join(root, path), 'utf8'))) {
  const target = join(root, file.path);
  let previous: string | null = null;
  try {
    previous = readFileSync(target, 'utf8');
  } catch {
    previous = null;
  }
  if (previous === file.text) {
    console.log(`unchanged ${file.path}`);
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  console.log(`wrote     ${file.path}`);
}
