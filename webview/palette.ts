/**
 * Run colours that people with any common colour-vision deficiency can tell apart, in the
 * order runs take them. Dark backgrounds (Dark Modern, Dark High Contrast): Okabe & Ito's
 * palette (2008) without its black. Light backgrounds: its hues that keep 3:1 contrast on
 * white (WCAG 1.4.11 for lines) — blue, vermillion, bluish green — with Paul Tol's purple and
 * indigo and a sienna in place of the orange, sky blue and yellow, which fade on white. Each
 * set keeps every pair ≥ 12 ΔE apart in normal vision and simulated protanopia, deuteranopia
 * and tritanopia (test/webview/units.test.ts checks both). VS Code's `--vscode-charts-*`
 * colours are not used: their green and yellow, red and orange, merge for many people.
 */
export const DARK_PALETTE = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#0072B2'];
export const LIGHT_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#AA3377', '#332288', '#A0522D'];
