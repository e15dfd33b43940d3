/**
 * The notice banner (restricted mode, no objective: nothing can run) and the error area
 * (problems the host reports; a file location renders as a link that opens the file).
 */
import * as l10n from '@vscode/l10n';
import type { PanelContext } from '../src/shared/protocol';
import { h, setText } from './dom';
import { locationText, openInEditorText, openText, type Location } from './location';
import type { MessageRouter, Unregister } from './router';

const UNTRUSTED_NOTICE = l10n.t('This workspace is in Restricted Mode. LR Lab runs your objective’s code, so running is off until you trust the workspace; the plots of earlier runs stay.');

export class Banner {
  readonly root: HTMLElement;
  private readonly text: HTMLElement;

  constructor() {
    this.text = h('span', { class: 'banner-text' });
    this.root = h('div', { class: 'banner', role: 'status', hidden: true }, h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, 'ⓘ'), this.text);
  }

  /** The notice to show for a context, or null when running is possible. */
  static noticeOf(context: PanelContext): string | null {
    if (context.notice) return context.notice;
    if (!context.trusted) return UNTRUSTED_NOTICE;
    return null;
  }

  listen(router: MessageRouter): Unregister[] {
    return [router.on('init', (message) => this.setContext(message.context)), router.on('context', (message) => this.setContext(message.context))];
  }

  setContext(context: PanelContext): void {
    const notice = Banner.noticeOf(context);
    this.root.hidden = notice === null;
    setText(this.text, notice ?? '');
  }
}

const MAX_ERRORS = 5;

export class ErrorArea {
  readonly root: HTMLElement;

  constructor(private readonly reveal: (location: Location) => void) {
    this.root = h('div', { class: 'errors', role: 'alert', 'aria-live': 'assertive' });
  }

  listen(router: MessageRouter): Unregister[] {
    return [router.on('error', (message) => this.show(message.message, message.location))];
  }

  show(message: string, location?: Location): void {
    const dismiss = h('button', { type: 'button', class: 'icon', 'aria-label': l10n.t('Dismiss this error'), title: l10n.t('Dismiss') }, '✕');
    const item = h('div', { class: 'error' }, h('span', { class: 'error-icon', 'aria-hidden': 'true' }, '⚠'), h('span', { class: 'error-message' }, message));
    if (location) {
      const link = h('a', { href: '#', class: 'error-location', title: openText(location), 'aria-label': openInEditorText(location) }, locationText(location));
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.reveal(location);
      });
      item.append(link);
    }
    item.append(dismiss);
    dismiss.addEventListener('click', () => item.remove());
    this.root.prepend(item);
    while (this.root.children.length > MAX_ERRORS) this.root.lastElementChild?.remove();
  }

  clear(): void {
    this.root.replaceChildren();
  }

  get count(): number {
    return this.root.children.length;
  }

  /** Replace the text of a message shown with `key` (e.g. the protocol mismatch) instead of stacking. */
  showOnce(key: string, message: string): void {
    const existing = this.root.querySelector(`[data-key="${CSS.escape(key)}"] .error-message`);
    if (existing) {
      setText(existing, message);
      return;
    }
    this.show(message);
    this.root.firstElementChild?.setAttribute('data-key', key);
  }
}
