import * as vscode from 'vscode';
import type { PageL10n } from '../../shared/l10n/pageStrings';

/** The page's language and strings: VS Code's display language and the extension's loaded bundle. */
export function hostPageL10n(): PageL10n {
  return { language: vscode.env.language, bundle: vscode.l10n.bundle ?? null };
}
