/**
 * The "Symbols → options" paragraph of an optimizer's TSDoc, read as data: which symbol of the
 * formula stands for which option (the TSDoc is the one place it is written), and each symbol
 * in LaTeX for the card.
 */

export interface DocSymbol {
  /** As the TSDoc writes it: `β₁`, `ε_g`, `Γmin`; '' for an option without a symbol (`amsgrad`). */
  readonly text: string;
  readonly option: string;
  /** Entry of a pair option (`[β₁, β₂] betas`). */
  readonly index?: number;
  /** The default as the TSDoc states it (text in its parentheses, up to the first ';', ':' or '→'). */
  readonly stated: string;
}

/** The lines of a TSDoc comment without the comment markers. */
function docLines(doc: string): string[] {
  return doc.split('\n').map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').trimEnd());
}

/** The paragraph starting with `label:` or `label (…)` as one line (without the label); '' when absent. */
export function paragraphAfter(doc: string, label: string): string {
  const lines = docLines(doc);
  const start = lines.findIndex((line) => line.startsWith(`${label}:`) || line.startsWith(`${label} (`));
  if (start < 0) return '';
  const out: string[] = [];
  for (let i = start; i < lines.length && lines[i] !== ''; i++) out.push(lines[i]!.trim());
  return out.join(' ').slice(label.length + 1).trim();
}

// An optional symbol (one token, or a bracketed pair), a backticked option, a parenthesised default.
const ITEM = /(?:(\[[^\]]*\]|[^\s,`()[\]]+)\s+)?`(\w+)`\s*\(((?:[^()]|\([^()]*\))*)\)/g;

/** The symbols of a "Symbols → options" paragraph, in order. */
export function parseSymbols(paragraph: string): DocSymbol[] {
  const out: DocSymbol[] = [];
  for (const match of paragraph.matchAll(ITEM)) {
    const [, symbol = '', option, inside] = match;
    const stated = inside!.split(/;|:|→/)[0]!.trim();
    if (symbol.startsWith('[')) {
      const parts = symbol.slice(1, -1).split(',').map((s) => s.trim());
      const defaults = stated.startsWith('[') ? stated.slice(1, -1).split(',').map((s) => s.trim()) : [];
      parts.forEach((text, index) => out.push({ text, option: option!, index, stated: defaults[index] ?? stated }));
    } else {
      // A word before the option that is not a symbol ("and", "is") would not be followed by a backtick directly.
      out.push({ text: symbol, option: option!, stated });
    }
  }
  return out;
}

const GREEK: Readonly<Record<string, string>> = {
  α: '\\alpha',
  β: '\\beta',
  γ: '\\gamma',
  δ: '\\delta',
  ε: '\\varepsilon',
  η: '\\eta',
  λ: '\\lambda',
  μ: '\\mu',
  ρ: '\\rho',
  τ: '\\tau',
  ψ: '\\psi',
  Γ: '\\Gamma',
};
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const SUPERSCRIPTS: Readonly<Record<string, string>> = { '⁻': '-', '⁺': '+' };

/** A TSDoc symbol in LaTeX: `β₁` → `\beta_1`, `λ_wd` → `\lambda_{wd}`, `Γmin` → `\Gamma_{\min}`, `growth` → `\mathit{growth}`. */
export function symbolTex(text: string): string {
  if (text === '') return '';
  const head = [...text][0]!;
  if (GREEK[head] === undefined) {
    if (text.length > 1 && /^[a-z]+$/.test(text)) return `\\mathit{${text}}`;
  }
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const digit = SUBSCRIPT_DIGITS.indexOf(c);
    if (GREEK[c] !== undefined) out += GREEK[c];
    else if (digit >= 0) out += `_${digit}`;
    else if (SUPERSCRIPTS[c] !== undefined) out += `^{${SUPERSCRIPTS[c]}}`;
    else if (c === '_') {
      const rest = chars.slice(i + 1).join('');
      out += rest.length === 1 ? `_${rest}` : `_{${rest}}`;
      break;
    } else if (i > 0 && (text.slice(i) === 'min' || text.slice(i) === 'max')) {
      out += `_{\\${text.slice(i)}}`;
      break;
    } else out += c;
  }
  return out;
}
