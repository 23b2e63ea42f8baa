// A tiny element builder. Text always goes in as text nodes (never innerHTML), so a reply or a
// file name cannot inject markup; no inline styles or handlers, which the CSP forbids anyway.
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return element;
}

/** Multi-line text as lines separated by <br>, so line breaks survive without any CSS. */
export function lines(text: string): Node[] {
  return text.split(/\r?\n/).flatMap((line, i) => (i === 0 ? [document.createTextNode(line)] : [h('br'), document.createTextNode(line)]));
}

export function byId<T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = document): T | null {
  return root.querySelector<T>(`#${id}`);
}
