/**
 * How the panel learns its language: the host puts the display language and the translations
 * of the current bundle (`vscode.l10n.bundle`, `null` for English) into the page's HTML as a
 * JSON `<script type="application/json" id="lrlab-l10n">` placed before the page's script,
 * so the strings are there synchronously when the page's modules are evaluated — no message
 * round trip, no second render. The page looks every string up through `l10n.t` of
 * `@vscode/l10n` (configured from this table by webview/l10n.ts, the page's first import);
 * `@vscode/l10n-dev` extracts those calls into l10n/bundle.l10n.json with the host's
 * `vscode.l10n.t` calls, so the page, the host and the CLI share one bundle per language.
 *
 * Pure and browser-safe: bundled into dist/webview.js.
 */
import * as z from 'zod/mini';

/** Id of the `<script type="application/json">` element that carries the page's strings. */
export const PAGE_L10N_ELEMENT_ID = 'lrlab-l10n';

const pageL10nSchema = z.object({
  /** BCP 47 tag of VS Code's display language (`vscode.env.language`), e.g. `en`, `zh-cn`. */
  language: z.string().check(z.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/)),
  /** English message → translation; `null` when the display language has no bundle (English). */
  bundle: z.nullable(z.record(z.string(), z.string())),
});

export type PageL10n = z.infer<typeof pageL10nSchema>;

export const ENGLISH_PAGE: PageL10n = { language: 'en', bundle: null };

/** The table as the text of the JSON script element: `<` escaped so no `</script>` can end it early. */
export function pageL10nJson(l10n: PageL10n): string {
  return JSON.stringify(pageL10nSchema.parse(l10n)).replace(/</g, '\\u003c');
}

/** Reads the table the host injected; English (and the reason) when it is missing or malformed. */
export function parsePageL10n(text: string | null | undefined): { l10n: PageL10n; error?: string } {
  if (text === null || text === undefined) return { l10n: ENGLISH_PAGE, error: 'no string table in the page' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { l10n: ENGLISH_PAGE, error: `the string table is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = pageL10nSchema.safeParse(raw);
  if (!parsed.success) return { l10n: ENGLISH_PAGE, error: `the string table is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  return { l10n: parsed.data };
}
