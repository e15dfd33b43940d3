/**
 * The schedule preview: "Preview schedule" asks the host for a schedule's lr curve under a
 * fresh request id; only the answer to the latest request is drawn (dashed, on the lr card)
 * until it is cleared or a new snapshot (`init`) arrives. The chip beside the charts names the
 * preview and clears it.
 */
import * as l10n from '@vscode/l10n';
import type { WebviewToHost } from '../../../src/shared/protocol';
import { h, setText } from '../../dom';
import type { MessageRouter, Unregister } from '../../router';
import type { Point } from '../../runs/runsModel';

export interface SchedulePreview {
  label: string;
  points: Point[];
}

/** What a preview request carries (the protocol's message without its type and id). */
export type PreviewRequest = Omit<Extract<WebviewToHost, { type: 'previewSchedule' }>, 'type' | 'requestId'>;

export class SchedulePreviewRoom {
  readonly chip: HTMLElement;
  private readonly text = h('span', { class: 'preview-label' });
  private lastRequest = 0;
  /** The request whose answer is awaited; -1 when none is (cleared). */
  private awaited = -1;

  constructor(
    private readonly post: (message: WebviewToHost) => void,
    /** Draw `preview`, or none. */
    private readonly show: (preview: SchedulePreview | null) => void,
  ) {
    const clear = h('button', { type: 'button', class: 'secondary small', id: 'clear-preview', 'aria-label': l10n.t('Remove the schedule preview') }, l10n.t('Clear preview'));
    clear.addEventListener('click', () => this.clear());
    this.chip = h('span', { class: 'preview-chip', hidden: true }, h('span', { class: 'preview-dash', 'aria-hidden': 'true' }), this.text, clear);
  }

  listen(router: MessageRouter): Unregister[] {
    return [
      router.on('init', () => this.clear()),
      router.on('schedulePreview', (message) => {
        if (message.requestId !== this.awaited) return; // an older request, or the preview was cleared
        const points = message.lrs.flatMap((y, i) => (typeof y === 'number' && Number.isFinite(y) ? [{ x: i + 1, y }] : []));
        setText(this.text, l10n.t('Preview: {0}', message.label));
        this.chip.hidden = false;
        this.show({ label: message.label, points });
      }),
    ];
  }

  request(request: PreviewRequest): void {
    this.awaited = ++this.lastRequest;
    this.post({ type: 'previewSchedule', requestId: this.awaited, ...request });
  }

  clear(): void {
    this.awaited = -1;
    this.chip.hidden = true;
    this.show(null);
  }
}
