/**
 * The charts' legend: one chip per run on screen (swatch in its colour and dash, label),
 * stuck to the top of the charts so it stays in view while they scroll. A click on a chip
 * shows or hides that run, as its checkbox in the run list does. Chips are keyed by run id and
 * updated in place.
 */
import * as l10n from '@vscode/l10n';
import { h, setAttr, setText } from '../dom';
import type { ViewStateStore } from '../state';
import { runColor, runDash, type Theme } from '../theme';
import type { RunVisibility } from './visibility';

export interface LegendEvents {
  setVisible(runId: string, visible: boolean): void;
}

interface Chip {
  element: HTMLButtonElement;
  swatch: HTMLElement;
  label: HTMLElement;
  /** The swatch's background as last set (the browser rewrites what it is given). */
  background: string;
}

/** CSS for a swatch: solid, or the run's dash pattern. */
export function swatchBackground(color: string, dash: readonly number[]): string {
  if (dash.length === 0) return color;
  const [on, off] = dash as [number, number];
  return `repeating-linear-gradient(90deg, ${color} 0 ${on}px, transparent ${on}px ${on + off}px)`;
}

export class Legend {
  readonly root: HTMLElement;
  private readonly chips = new Map<string, Chip>();

  constructor(private readonly events: LegendEvents) {
    this.root = h('div', { class: 'legend', role: 'group', 'aria-label': l10n.t('Legend') });
  }

  render(visibility: RunVisibility, store: ViewStateStore, theme: Theme): void {
    const runs = visibility.listed();
    const alive = new Set(runs.map((r) => r.meta.id));
    for (const [id, chip] of this.chips) {
      if (!alive.has(id)) {
        chip.element.remove();
        this.chips.delete(id);
      }
    }
    runs.forEach((run, index) => {
      const id = run.meta.id;
      let chip = this.chips.get(id);
      if (!chip) {
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        const label = h('span', { class: 'legend-label' });
        const element = h('button', { type: 'button', class: 'legend-chip', 'data-run-id': id }, swatch, label);
        element.addEventListener('click', () => this.events.setVisible(id, store.isHidden(id)));
        chip = { element, swatch, label, background: '' };
        this.chips.set(id, chip);
      }
      if (this.root.children[index] !== chip.element) this.root.insertBefore(chip.element, this.root.children[index] ?? null);
      const hidden = store.isHidden(id);
      const label = visibility.label(run);
      setText(chip.label, label);
      const background = swatchBackground(runColor(theme, run.meta.colorIndex), runDash(theme, run.meta.colorIndex));
      if (chip.background !== background) chip.swatch.style.background = chip.background = background;
      setAttr(chip.element, 'aria-pressed', String(!hidden));
      setAttr(chip.element, 'title', hidden ? l10n.t('Show {0}', label) : l10n.t('Hide {0}', label));
      setAttr(chip.element, 'data-hidden', String(hidden));
    });
    this.root.hidden = runs.length === 0;
  }
}
