/**
 * Colours and fonts from VS Code's theme variables, read with getComputedStyle and read
 * again whenever the theme changes (VS Code swaps the body class and rewrites the variables
 * on <html>). Canvas needs concrete colours, so every value is resolved to rgb()/rgba().
 */
import { DARK_PALETTE, LIGHT_PALETTE } from './palette';

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export interface Theme {
  kind: ThemeKind;
  highContrast: boolean;
  foreground: string;
  mutedForeground: string;
  background: string;
  grid: string;
  border: string;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  selection: string;
  fontFamily: string;
  fontSize: number;
  /** Run colours, indexed by `RunMeta.colorIndex` modulo the length. */
  palette: string[];
  lineWidth: number;
}


interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

let probe: HTMLElement | undefined;

/** Resolve any CSS colour (or variable reference) to the browser's rgb()/rgba() form; '' if invalid. */
function resolveColor(css: string): string {
  if (!css) return '';
  probe ??= document.body.appendChild(Object.assign(document.createElement('span'), { hidden: true, className: 'color-probe' }));
  probe.style.color = '';
  probe.style.color = css;
  if (!probe.style.color) return '';
  return getComputedStyle(probe).color;
}

function parseRgb(color: string): Rgba | null {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(color);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: alpha };
}

/** `color` with its alpha multiplied by `alpha`. */
export function withAlpha(color: string, alpha: number): string {
  const c = parseRgb(color) ?? parseRgb(resolveColor(color));
  if (!c) return color;
  return `rgba(${c.r}, ${c.g}, ${c.b}, ${+(c.a * alpha).toFixed(3)})`;
}

function variable(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

function themeKind(): ThemeKind {
  const cls = document.body.classList;
  if (cls.contains('vscode-high-contrast-light')) return 'highContrastLight';
  if (cls.contains('vscode-high-contrast')) return 'highContrast';
  if (cls.contains('vscode-light')) return 'light';
  return 'dark';
}

/** The current theme, resolved to concrete colours. */
export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const kind = themeKind();
  const light = kind === 'light' || kind === 'highContrastLight';
  const highContrast = kind === 'highContrast' || kind === 'highContrastLight';
  const pick = (fallback: string, ...names: string[]): string => {
    for (const name of names) {
      const value = resolveColor(variable(style, name));
      if (value) return value;
    }
    return resolveColor(fallback) || fallback;
  };
  const foreground = pick(light ? '#3b3b3b' : '#cccccc', '--vscode-editor-foreground', '--vscode-foreground');
  const background = pick(light ? '#ffffff' : '#1f1f1f', '--vscode-editor-background');
  const contrastBorder = highContrast ? pick('', '--vscode-contrastBorder') : '';
  const palette = (light ? LIGHT_PALETTE : DARK_PALETTE).map((c) => resolveColor(c) || c);
  const fontSize = Number.parseFloat(variable(style, '--vscode-font-size')) || 13;
  return {
    kind,
    highContrast,
    foreground,
    mutedForeground: pick(withAlpha(foreground, 0.7), '--vscode-descriptionForeground'),
    background,
    grid: highContrast ? withAlpha(foreground, 0.35) : withAlpha(foreground, 0.1),
    border: contrastBorder || pick(withAlpha(foreground, 0.25), '--vscode-panel-border', '--vscode-widget-border'),
    tooltipBackground: pick(background, '--vscode-editorHoverWidget-background', '--vscode-editorWidget-background'),
    tooltipForeground: pick(foreground, '--vscode-editorHoverWidget-foreground', '--vscode-editor-foreground'),
    tooltipBorder: contrastBorder || pick(withAlpha(foreground, 0.3), '--vscode-editorHoverWidget-border', '--vscode-widget-border'),
    selection: pick(withAlpha(palette[0]!, 0.2), '--vscode-editor-selectionBackground'),
    fontFamily: variable(style, '--vscode-font-family') || 'system-ui, sans-serif',
    fontSize: Math.min(Math.max(fontSize, 9), 20),
    palette,
    lineWidth: highContrast ? 2.5 : 1.5,
  };
}

export function runColor(theme: Theme, colorIndex: number): string {
  const n = theme.palette.length;
  return theme.palette[((Math.trunc(colorIndex) % n) + n) % n]!;
}

/** Dashes for runs past the palette's length, so the second round of colours still differs: solid, dashed, dotted. */
const DASHES: number[][] = [[], [7, 4], [2, 3]];

export function runDash(theme: Theme, colorIndex: number): number[] {
  const round = Math.floor(Math.max(0, Math.trunc(colorIndex)) / theme.palette.length);
  return DASHES[round % DASHES.length]!;
}

/** Call `onChange` when VS Code switches theme (body class or the variables on <html> change). */
export function watchTheme(onChange: () => void): () => void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
