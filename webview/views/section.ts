/**
 * A view's frame: a header with a disclosure button (the title) and the view's tools, and a
 * body that collapses. Whether it is collapsed is the page's view state (`collapsed[id]`), so it
 * survives a reload; a collapsed view draws nothing and asks the host for nothing.
 */
import { h } from '../dom';
import type { ViewStateStore } from '../state';

export interface Section {
  readonly root: HTMLElement;
  readonly body: HTMLElement;
  readonly tools: HTMLElement;
  readonly expanded: boolean;
  /** Open it (e.g. a command asked for this view). */
  expand(): void;
}

export function createSection(options: { id: string; title: string; description: string; store: ViewStateStore; collapsedByDefault?: boolean; toggled?: (expanded: boolean) => void }): Section {
  const { id, store } = options;
  const isCollapsed = (): boolean => store.current.collapsed[id] ?? options.collapsedByDefault ?? false;
  const toggle = h('button', { type: 'button', class: 'section-toggle', 'aria-controls': `section-${id}`, title: options.description }, h('span', { class: 'section-chevron', 'aria-hidden': 'true' }), options.title);
  const tools = h('span', { class: 'section-tools' });
  const body = h('div', { class: 'section-body', id: `section-${id}` });
  const root = h('section', { class: 'panel-section', 'data-section': id, 'aria-label': options.title }, h('header', { class: 'section-header' }, toggle, tools), body);
  const apply = (): void => {
    const collapsed = isCollapsed();
    toggle.setAttribute('aria-expanded', String(!collapsed));
    body.hidden = collapsed;
    tools.hidden = collapsed;
    root.dataset.collapsed = String(collapsed);
  };
  const set = (collapsed: boolean): void => {
    store.update((s) => (s.collapsed[id] = collapsed));
    apply();
    options.toggled?.(!collapsed);
  };
  toggle.addEventListener('click', () => set(!isCollapsed()));
  apply();
  return {
    root,
    body,
    tools,
    get expanded() {
      return !isCollapsed();
    },
    expand: () => {
      if (isCollapsed()) set(false);
    },
  };
}
