/**
 * Screenshots that double as the documentation's pictures. Every run saves them to
 * `test/e2e/artifacts/` (gitignored); with `LRLAB_UPDATE_SCREENSHOTS=1` they are also copied to
 * `docs/images/<name>.png` under stable names, to be committed.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from '../harness/browser';
import { REPO_ROOT } from '../harness/paths';

export const UPDATE_SCREENSHOTS_ENV = 'LRLAB_UPDATE_SCREENSHOTS';
export const DOCS_IMAGES_DIR = join(REPO_ROOT, 'docs/images');

/** The pictures the docs use; each is named after what it shows. */
export type DocsImage = 'panel' | 'side-bar' | 'code-action-menu' | 'schedule-pick' | 'code-action-inserted' | 'syntax-error' | 'panel.zh-cn' | 'walkthrough.zh-cn';

/** Saves `test/e2e/artifacts/<name>.png`, and `docs/images/<name>.png` when updating screenshots; returns the artifact's path. */
export async function docsScreenshot(page: Page, name: DocsImage): Promise<string> {
  const file = await screenshot(page, name);
  if (process.env[UPDATE_SCREENSHOTS_ENV] === '1') {
    mkdirSync(DOCS_IMAGES_DIR, { recursive: true });
    copyFileSync(file, join(DOCS_IMAGES_DIR, `${name}.png`));
  }
  return file;
}
