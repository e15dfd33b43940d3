/**
 * Building DOM without markup strings: `h('button', { class: 'x', 'aria-label': 'Run' }, 'Run')`.
 * Text goes in through text nodes only, so data from the host can never become markup.
 */
export type AttrValue = string | number | boolean | null | undefined;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(element, name, value);
  append(element, ...children);
  return element;
}

/** Set or remove an attribute: `true` sets it empty, `false`/null/undefined remove it. */
export function setAttr(element: Element, name: string, value: AttrValue): void {
  if (value === false || value === null || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replace all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Set text only when it changed (cheap enough to call on every redraw). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** A form field: `label` for `input` (which needs an id), in a `.field` wrapper. */
export function labelledField(label: string, input: HTMLElement, extraClass = ''): HTMLElement {
  return h('div', { class: `field ${extraClass}`.trim() }, h('label', { for: input.id }, label), input);
}
