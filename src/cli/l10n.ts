/**
 * The language `lrlab` speaks: `--lang TAG` (anywhere on the command line), else the POSIX locale
 * variables in their order of precedence (LC_ALL, LC_MESSAGES, LANG; `zh_CN.UTF-8` → `zh-cn`).
 * Its strings are the extension's: l10n/bundle.l10n.<language>.json, looked up through
 * `@vscode/l10n` (`l10n.t`), so a translation is written once for the panel, the host and the CLI.
 * A language without a bundle (and `C`/`POSIX`) is English.
 */
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** `zh_CN.UTF-8@x` → `zh-cn`; `C`, `POSIX` and empty → null (no preference). */
export function localeTag(value: string | undefined): string | null {
  const tag = (value ?? '').split(/[.@]/)[0]!.replace(/_/g, '-').toLowerCase();
  return tag === '' || tag === 'c' || tag === 'posix' ? null : tag;
}

/** The language asked for, and the arguments without `--lang`. */
export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): { language: string; args: string[] } {
  const args: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--lang' && i + 1 < argv.length) flag = argv[++i];
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
    else args.push(arg);
  }
  const language = localeTag(flag) ?? localeTag(env.LC_ALL) ?? localeTag(env.LC_MESSAGES) ?? localeTag(env.LANG) ?? 'en';
  return { language, args };
}

/** Chinese as written in the mainland (zh, zh-hans, zh-sg) is the bundle's zh-cn. */
const ALIASES: Readonly<Record<string, string>> = { zh: 'zh-cn', 'zh-hans': 'zh-cn', 'zh-hans-cn': 'zh-cn', 'zh-sg': 'zh-cn' };

/** The bundle file of `language` under `l10nDir` (exact tag, alias, then the language alone: fr-ca → fr), if any. */
export function bundleFile(language: string, l10nDir: string): string | null {
  const base = language.split('-')[0]!;
  // zh-tw, zh-hk: traditional Chinese has no bundle, and is not the simplified one.
  for (const tag of [language, ALIASES[language], base]) {
    if (tag === undefined || tag === 'en') continue;
    const file = path.join(l10nDir, `bundle.l10n.${tag}.json`);
    if (existsSync(file)) return file;
  }
  return null;
}

let inUse = 'en';

/** Loads the bundle of `language` for every `l10n.t` of the CLI; returns the language used ('en' without a bundle). */
export function configureCliL10n(language: string, l10nDir: string): string {
  const file = bundleFile(language, l10nDir);
  l10n.config({ contents: file === null ? {} : (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) });
  inUse = file === null ? 'en' : path.basename(file).slice('bundle.l10n.'.length, -'.json'.length);
  return inUse;
}

/** The language the CLI speaks (configureCliL10n's), for messages words of others' (TypeScript's diagnostics). */
export function cliLanguageInUse(): string {
  return inUse;
}
