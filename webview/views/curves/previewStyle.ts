/**
 * How schedule previews are drawn: the live curve dashed in the text colour, each pin in a
 * colour of its own (the palette from its far end, so the first pins rarely share a colour
 * with the first runs) and a dash of its own, the same in the small chart, on the lr card and
 * in the pin's chip.
 */
import { withAlpha, type Theme } from '../../theme';

const PIN_DASHES: number[][] = [[2, 3], [10, 4], [6, 2, 2, 2]];

export interface PreviewStyle {
  readonly color: string;
  readonly dash: number[];
}

export function previewStyle(theme: Theme, pin: number | null): PreviewStyle {
  if (pin === null) return { color: withAlpha(theme.foreground, theme.highContrast ? 1 : 0.75), dash: [6, 4] };
  const n = theme.palette.length;
  return { color: theme.palette[(n - 1 - (pin % n) + n) % n]!, dash: PIN_DASHES[pin % PIN_DASHES.length]! };
}
