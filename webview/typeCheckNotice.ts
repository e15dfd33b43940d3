/**
 * The TypeScript errors of the file a run came from (lrlab.typeCheck): a warning strip that
 * names the file and lists each error at its line and column, as links that open it. The host
 * sends them for every run (an empty list hides the strip); with `strict` the run did not start.
 */
import * as l10n from '@vscode/l10n';
import type { HostMessage } from '../src/shared/protocol';
import { h, setText } from './dom';
import { locationText, openInEditorText, openText, type Location } from './location';
import type { MessageRouter, Unregister } from './router';

/** Errors listed at most; the rest are counted. */
const MAX_LISTED = 20;

export class TypeCheckNotice {
  readonly root: HTMLElement;
  private readonly title = h('span', { class: 'type-check-title' });
  private readonly list = h('ul', { class: 'type-check-list' });

  constructor(private readonly reveal: (location: Location) => void) {
    this.root = h(
      'div',
      { class: 'type-check', role: 'status', 'aria-live': 'polite', hidden: true, 'data-count': '0' },
      h('span', { class: 'type-check-icon', 'aria-hidden': 'true' }, '⚠'),
      h('div', { class: 'type-check-body' }, this.title, this.list),
    );
  }

  listen(router: MessageRouter): Unregister[] {
    return [router.on('typeCheck', (message) => this.show(message))];
  }

  show(message: HostMessage<'typeCheck'>): void {
    const { problems } = message;
    this.root.setAttribute('data-count', String(problems.length));
    this.root.hidden = problems.length === 0;
    if (problems.length === 0) {
      this.list.replaceChildren();
      return;
    }
    const count = problems.length === 1 ? l10n.t('1 TypeScript error in {0}', message.label) : l10n.t('{0} TypeScript errors in {1}', problems.length, message.label);
    setText(
      this.title,
      message.strict
        ? l10n.t('{0}: not run (lrlab.typeCheck is strict).', count)
        : l10n.t('{0}: the run went ahead, but its numbers may not be what the code means (lrlab.typeCheck: "strict" runs only files without them, "off" skips the check).', count),
    );
    const items = problems.slice(0, MAX_LISTED).map((problem) => {
      const link = h('a', { href: '#', class: 'error-location', title: openText(problem.location), 'aria-label': openInEditorText(problem.location) }, locationText(problem.location));
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.reveal(problem.location);
      });
      return h('li', { class: 'type-check-item' }, link, h('span', { class: 'type-check-message' }, ` ${problem.message} (${problem.code})`));
    });
    if (problems.length > MAX_LISTED) items.push(h('li', { class: 'type-check-item' }, `… and ${problems.length - MAX_LISTED} more`));
    this.list.replaceChildren(...items);
  }
}
