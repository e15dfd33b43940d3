/**
 * The page's strings: configures `@vscode/l10n` from the table the host injected into the HTML
 * (src/shared/l10n/pageStrings.ts) when this module is evaluated. webview/main.ts imports it
 * first, so every other module of the page — even one calling `l10n.t` at its top level — sees
 * the translations. Everywhere in the page a string is looked up with
 *
 *   import * as l10n from '@vscode/l10n';
 *   l10n.t('Run');                 l10n.t('diverged at step {0}', step);
 *
 * (exactly that import form: `@vscode/l10n-dev` only extracts `l10n.t` of a namespace import).
 */
import * as l10n from '@vscode/l10n';
import { PAGE_L10N_ELEMENT_ID, parsePageL10n, type PageL10n } from '../src/shared/l10n/pageStrings';

function configure(): PageL10n {
  const element = typeof document === 'undefined' ? null : document.getElementById(PAGE_L10N_ELEMENT_ID);
  const { l10n: table, error } = parsePageL10n(element?.textContent);
  if (error !== undefined && element !== null) console.warn(`LR Lab: ${error}; the panel is in English`);
  l10n.config({ contents: table.bundle ?? {} });
  if (typeof document !== 'undefined') document.documentElement.lang = table.language;
  return table;
}

/** The display language and translations the page runs with (English when the host sent none). */
export const pageL10n: PageL10n = configure();
