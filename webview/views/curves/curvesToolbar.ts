/**
 * The charts' own controls above the cards: the smoothing slider (TensorBoard's debiased EMA of
 * the noisy curves, 0 = off) and the x axis (steps, or epochs when the runs on screen have
 * mini-batches). Both are kept in the view state. State for tests: `data-smoothing` and
 * `data-x-axis` (the axis in effect) on the toolbar.
 */
import * as l10n from '@vscode/l10n';
import { formatNumber, PANEL_NUMBER } from '../../../src/shared/format';
import { h, setAttr, setText } from '../../dom';
import type { ViewStateStore } from '../../state';
import { MAX_SMOOTHING, type XAxis } from './derivedSeries';

export class CurvesToolbar {
  readonly smoothingControl: HTMLElement;
  readonly xAxisControl: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly value: HTMLOutputElement;
  private readonly axisSelect: HTMLSelectElement;

  constructor(
    private readonly store: ViewStateStore,
    /** The smoothing or the axis was chosen: draw again. */
    private readonly changed: () => void,
  ) {
    const state = store.current;
    this.slider = h('input', {
      type: 'range',
      id: 'smoothing',
      min: 0,
      max: MAX_SMOOTHING,
      step: 0.01,
      'aria-label': l10n.t("Smoothing of the loss, gradient-norm and metric curves"),
      title: l10n.t("Exponential moving average of the noisy curves, debiased as TensorBoard does (0: off); the raw values stay pale underneath"),
    });
    this.slider.value = String(state.smoothing);
    this.value = h('output', { class: 'smoothing-value', for: 'smoothing' });
    this.slider.addEventListener('input', () => {
      const weight = Math.min(MAX_SMOOTHING, Math.max(0, Number(this.slider.value) || 0));
      this.store.update((s) => (s.smoothing = weight));
      this.show();
      this.changed();
    });
    this.smoothingControl = h('label', { class: 'toolbar-control smoothing' }, l10n.t("Smoothing"), this.slider, this.value);
    this.axisSelect = h('select', { id: 'x-axis', 'aria-label': l10n.t("x axis of the charts"), title: l10n.t("Steps, or epochs (one pass over the data: ⌈items ÷ batch size⌉ steps) for mini-batch runs") }, h('option', { value: 'step' }, l10n.t("steps")), h('option', { value: 'epoch' }, l10n.t("epochs")));
    this.axisSelect.value = state.xAxis;
    this.axisSelect.addEventListener('change', () => {
      const axis: XAxis = this.axisSelect.value === 'epoch' ? 'epoch' : 'step';
      this.store.update((s) => (s.xAxis = axis));
      this.changed();
    });
    this.xAxisControl = h('label', { class: 'toolbar-control x-axis', hidden: true }, l10n.t("x axis"), this.axisSelect);
    this.show();
  }

  /** Show the state: the weight beside the slider; the axis choice only where epochs mean something. */
  show(epochsAvailable?: boolean, axisInEffect?: XAxis): void {
    const weight = this.store.current.smoothing;
    setText(this.value, weight > 0 ? formatNumber(weight, PANEL_NUMBER) : l10n.t("off"));
    setAttr(this.smoothingControl, 'data-smoothing', weight);
    if (epochsAvailable !== undefined) this.xAxisControl.hidden = !epochsAvailable;
    if (axisInEffect !== undefined) setAttr(this.xAxisControl, 'data-x-axis', axisInEffect);
  }
}
