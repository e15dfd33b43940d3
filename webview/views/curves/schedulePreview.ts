/**
 * The schedule preview. It follows the form: every valid edit asks the host for the lr curve of
 * the form's schedule (under a fresh request id; only the answer to the latest request is
 * drawn), shown live in a small chart beside the form — in view while one types — and dashed on
 * the lr card over the runs. "Pin" keeps the live curve; pinned curves stay (each in its own
 * colour and dash, named in a chip with ✕) so schedules can be laid over each other (cosine
 * against one-cycle). A curve the host sends on its own (the palette's Preview Schedule,
 * request id ≤ 0) is pinned. Pins last until removed or the page reloads.
 */
import * as l10n from '@vscode/l10n';
import type { WebviewToHost } from '../../../src/shared/protocol';
import { h, replaceChildren, setAttr } from '../../dom';
import type { MessageRouter, Unregister } from '../../router';
import { swatchBackground } from '../../runs/legend';
import type { Point } from '../../runs/runsModel';
import type { Theme } from '../../theme';
import { previewStyle } from './previewStyle';

export interface SchedulePreview {
  label: string;
  points: Point[];
  /** null: the live curve; else the pin's number (its colour and dash). */
  pin: number | null;
}

/** What a preview request carries (the protocol's message without its type and id). */
export type PreviewRequest = Omit<Extract<WebviewToHost, { type: 'previewSchedule' }>, 'type' | 'requestId'>;

/** Pins kept at most (the oldest goes). */
export const MAX_PINS = 6;

export class SchedulePreviewRoom {
  /** The pin button and the pinned curves' chips (the small chart goes beside them). */
  readonly controls: HTMLElement;
  private readonly pinButton: HTMLButtonElement;
  private readonly chips = h('span', { class: 'preview-pins', role: 'list', 'aria-label': l10n.t("Pinned schedules") });
  private lastRequest = 0;
  /** The request whose answer is awaited; -1 when none is (cleared). */
  private awaited = -1;
  private live: SchedulePreview | null = null;
  private pins: SchedulePreview[] = [];
  private nextPin = 0;

  constructor(
    private readonly post: (message: WebviewToHost) => void,
    /** Draw these curves (live first, then the pins), or none. */
    private readonly show: (previews: SchedulePreview[]) => void,
    private readonly theme: () => Theme,
  ) {
    this.pinButton = h('button', { type: 'button', class: 'secondary small', id: 'pin-preview', disabled: true, title: l10n.t("Keep this curve to compare the next schedules with it") }, l10n.t("Pin"));
    this.pinButton.addEventListener('click', () => this.pin());
    this.controls = h('div', { class: 'preview-controls' }, this.pinButton, this.chips);
  }

  listen(router: MessageRouter): Unregister[] {
    return [
      router.on('init', () => this.clearLive()),
      router.on('schedulePreview', (message) => {
        const steps = message.steps;
        const points = message.lrs.flatMap((y, i) => {
          const x = steps ? steps[i] : i + 1;
          return typeof y === 'number' && Number.isFinite(y) && typeof x === 'number' && Number.isFinite(x) ? [{ x, y }] : [];
        });
        if (message.requestId <= 0) {
          this.addPin(message.label, points); // the host's own (the palette's Preview Schedule)
          return;
        }
        if (message.requestId !== this.awaited) return; // an older request, or the preview was cleared
        this.live = { label: message.label, points, pin: null };
        this.changed();
      }),
    ];
  }

  /** Ask for the curve of `request` (the form's schedule); its answer replaces the live curve. */
  request(request: PreviewRequest): void {
    this.awaited = ++this.lastRequest;
    this.post({ type: 'previewSchedule', requestId: this.awaited, ...request });
  }

  /** No live curve (the form does not read, or the preview is off); pins stay. */
  clearLive(): void {
    this.awaited = -1;
    this.live = null;
    this.changed();
  }

  /** Keep the live curve. */
  pin(): void {
    if (this.live) this.addPin(this.live.label, this.live.points);
  }

  unpin(pin: number): void {
    this.pins = this.pins.filter((p) => p.pin !== pin);
    this.changed();
  }

  get curves(): SchedulePreview[] {
    return this.live ? [this.live, ...this.pins] : [...this.pins];
  }

  private addPin(label: string, points: Point[]): void {
    if (this.pins.some((p) => p.label === label)) return; // that curve is pinned already
    this.pins.push({ label, points, pin: this.nextPin++ });
    if (this.pins.length > MAX_PINS) this.pins.shift();
    this.changed();
  }

  /** Draw again (the theme changed: the chips' colours). */
  repaint(): void {
    this.changed();
  }

  private changed(): void {
    this.pinButton.disabled = this.live === null || this.pins.some((p) => p.label === this.live!.label);
    replaceChildren(
      this.chips,
      ...this.pins.map((p) => {
        const remove = h('button', { type: 'button', class: 'icon', 'aria-label': l10n.t('Unpin {0}', p.label), title: l10n.t("Unpin") }, '✕');
        remove.addEventListener('click', () => this.unpin(p.pin!));
        const dash = h('span', { class: 'swatch preview-swatch', 'aria-hidden': 'true' });
        const style = previewStyle(this.theme(), p.pin);
        dash.style.background = swatchBackground(style.color, style.dash.slice(0, 2));
        return h('span', { class: 'preview-pin', role: 'listitem', 'data-pin': p.pin }, dash, h('span', { class: 'preview-label' }, p.label), remove);
      }),
    );
    setAttr(this.controls, 'data-pins', this.pins.length);
    this.show(this.curves);
  }
}
