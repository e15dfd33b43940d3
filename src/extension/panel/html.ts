/**
 * The plot panel's HTML document: a strict Content-Security-Policy, one stylesheet, one
 * nonce'd script and a static skeleton the script fills. Pure (no `vscode` import) so the
 * host and the headless-browser tests build the very same page.
 *
 * CSP: nothing loads by default; images only from the extension (and `data:` URLs), styles
 * and fonts only from the extension, scripts only with this load's nonce. No inline styles:
 * the page and chart.js set styles through the CSSOM (`element.style.x = …`), which a CSP
 * does not restrict, and nothing uses `eval`.
 */
import { randomBytes } from 'node:crypto';
import { ENGLISH_PAGE, PAGE_L10N_ELEMENT_ID, pageL10nJson, type PageL10n } from '../../shared/l10n/pageStrings';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the extension's resources are served from. */
  cspSource: string;
  /** A fresh nonce per page load (`makeNonce()`). */
  nonce: string;
  /** URL of the bundled script (`dist/webview.js`). */
  scriptUri: string;
  /** URL of the stylesheet (`media/panel.css`). */
  styleUri: string;
  title?: string;
  /** The display language and its translations for the page (webview/l10n.ts); English if absent. */
  l10n?: PageL10n;
  /** The line shown until the script has drawn the page (already translated by the host). */
  bootText?: string;
}

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,}$/;
const CSP_SOURCE = `(?:'self'|[^\\s;'",]+)`;
const CSP_SOURCE_LIST = new RegExp(`^${CSP_SOURCE}(?: ${CSP_SOURCE})*$`);

/** A nonce for one page load: 24 random bytes as 32 base64url characters. */
export function makeNonce(): string {
  return randomBytes(24).toString('base64url');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The complete HTML document of the panel. Throws on a nonce that is not base64url. */
export function panelHtml(opts: PanelHtmlOptions): string {
  if (!NONCE_PATTERN.test(opts.nonce)) throw new Error(`panelHtml: the nonce must be at least 16 base64url characters, got "${opts.nonce}"`);
  // A CSP source list is space-separated host sources or quoted keywords (VS Code for the Web
  // gives `'self' https://*.vscode-cdn.net`); ';' or stray quotes would change the policy.
  if (!CSP_SOURCE_LIST.test(opts.cspSource)) throw new Error(`panelHtml: cspSource must be a space-separated source list, got "${opts.cspSource}"`);
  const csp = [
    `default-src 'none'`,
    `img-src ${opts.cspSource} data:`,
    `style-src ${opts.cspSource}`,
    `font-src ${opts.cspSource}`,
    `script-src 'nonce-${opts.nonce}'`,
  ].join('; ');
  const title = escapeHtml(opts.title ?? 'LR Lab');
  const l10n = opts.l10n ?? ENGLISH_PAGE;
  // A JSON data block is not run, so the CSP's script-src does not apply to it; it comes before
  // the page's script, which reads it synchronously.
  return `<!DOCTYPE html>
<html lang="${escapeHtml(l10n.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
<title>${title}</title>
</head>
<body>
<main id="app" class="app" aria-busy="true">
<p class="boot" role="status">${escapeHtml(opts.bootText ?? 'Waiting for LR Lab…')}</p>
</main>
<script type="application/json" id="${PAGE_L10N_ELEMENT_ID}">${pageL10nJson(l10n)}</script>
<script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}
