import assert from 'node:assert/strict';
import { makeNonce, panelHtml } from '../../../../src/extension/panel/html';
import { parsePageL10n } from '../../../../src/shared/l10n/pageStrings';

const OPTS = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abcdefghijklmnopqrstuvwxyz012345', scriptUri: 'https://x.vscode-cdn.net/dist/webview.js', styleUri: 'https://x.vscode-cdn.net/media/panel.css' };

describe('panelHtml', () => {
  it('panelHtml sets the strict CSP: nothing by default, scripts only by nonce, styles/fonts/images only from the extension', () => {
    const html = panelHtml(OPTS);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.equal(
      csp,
      `default-src 'none'; img-src ${OPTS.cspSource} data:; style-src ${OPTS.cspSource}; font-src ${OPTS.cspSource}; script-src 'nonce-${OPTS.nonce}';`,
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('panelHtml loads exactly one script (with the nonce) and one stylesheet, with no inline script or style', () => {
    const html = panelHtml({ ...OPTS, title: 'LR Lab' });
    const scripts = (html.match(/<script[^>]*>/g) ?? []).filter((tag) => !tag.includes('type="application/json"'));
    assert.deepEqual(scripts, [`<script nonce="${OPTS.nonce}" src="${OPTS.scriptUri}">`]);
    assert.match(html, /<script[^>]*><\/script>/, 'the script tag has no inline code');
    assert.deepEqual(html.match(/<link[^>]*>/g), [`<link rel="stylesheet" href="${OPTS.styleUri}">`]);
    assert.doesNotMatch(html, /<style|style="/);
    assert.match(html, /<main id="app"/);
    assert.match(html, /<title>LR Lab<\/title>/);
  });

  it('panelHtml escapes the title and URLs', () => {
    const html = panelHtml({ ...OPTS, title: '<b>"x"</b>', scriptUri: 'https://x/a.js?"><script>' });
    assert.match(html, /<title>&#60;b&#62;&#34;x&#34;&#60;\/b&#62;<\/title>/);
    assert.equal((html.match(/<script nonce/g) ?? []).length, 1);
    assert.equal((html.match(/<script/g) ?? []).length, 2, 'the script and the string table, nothing injected');
  });

  it("panelHtml carries the page's language and strings in a JSON block before the script, which no string can close", () => {
    const l10n = { language: 'zh-cn', bundle: { Run: '运行', 'a </script><script>alert(1)</script>': '<b>' } };
    const html = panelHtml({ ...OPTS, l10n, bootText: '正在等待 <LR Lab>…' });
    assert.match(html, /<html lang="zh-cn">/);
    assert.match(html, /<p class="boot" role="status">正在等待 &#60;LR Lab&#62;…<\/p>/);
    const block = /<script type="application\/json" id="lrlab-l10n">([^<]*)<\/script>\n<script nonce/.exec(html);
    assert.ok(block, 'the JSON block comes right before the page script and holds no "<"');
    assert.deepEqual(parsePageL10n(block[1]), { l10n });
  });

  it('panelHtml without l10n is English with no bundle', () => {
    const html = panelHtml(OPTS);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /Waiting for LR Lab…/);
    assert.deepEqual(parsePageL10n(/id="lrlab-l10n">([^<]*)</.exec(html)?.[1]), { l10n: { language: 'en', bundle: null } });
  });

  it('panelHtml refuses a nonce that is not base64url and a cspSource that would change the policy', () => {
    assert.throws(() => panelHtml({ ...OPTS, nonce: "abc' 'unsafe-inline" }), /nonce must be at least 16 base64url characters/);
    assert.throws(() => panelHtml({ ...OPTS, nonce: 'short' }), /nonce/);
    assert.throws(() => panelHtml({ ...OPTS, cspSource: "https://x; script-src 'unsafe-inline'" }), /cspSource must be a space-separated source list/);
    assert.throws(() => panelHtml({ ...OPTS, cspSource: "'unsafe-inline'" }), /cspSource must be a space-separated source list/);
  });

  it("panelHtml accepts VS Code for the Web's cspSource with the 'self' keyword", () => {
    const html = panelHtml({ ...OPTS, cspSource: "'self' https://*.vscode-cdn.net" });
    assert.match(html, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net;/);
  });
});

describe('makeNonce', () => {
  it('makeNonce returns 32 base64url characters, different every call', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => makeNonce()));
    assert.equal(nonces.size, 200);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{32}$/);
  });
});
