// Small DOM helpers over xmldom: an iterative walk (no recursion, so no stack overflow whatever
// the nesting) that lets a visitor remove what it visits, and attribute/text edits.
import type { Attr, Document, Element, Node } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;
const COMMENT_NODE = 8;

/**
 * Visits every element in document order. The visitor returns false when it removed or replaced
 * the element, or when its subtree must not be visited. Children are snapshotted before they
 * are visited, so removals during the walk are safe.
 */
export function walkElements(root: Element, visit: (element: Element) => boolean): void {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    if (!visit(element)) continue;
    const children = childElements(element);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

export function childElements(element: Element | Document): Element[] {
  const out: Element[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) out.push(child as Element);
  }
  return out;
}

/** Removes every XML comment in the document (XML 1.0 §2.5); returns how many there were. */
export function removeComments(doc: Document): number {
  let removed = 0;
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let child = node.firstChild; child; ) {
      const next = child.nextSibling;
      if (child.nodeType === COMMENT_NODE) {
        node.removeChild(child);
        removed++;
      } else if (child.nodeType === ELEMENT_NODE) {
        stack.push(child);
      }
      child = next;
    }
  }
  return removed;
}

export function removeElement(element: Element): void {
  element.parentNode?.removeChild(element);
}

export function attributesOf(element: Element): Attr[] {
  const out: Attr[] = [];
  for (let i = 0; i < element.attributes.length; i++) out.push(element.attributes.item(i)!);
  return out;
}

/** Removes the attribute if present; true when something was removed. */
export function dropAttribute(element: Element, namespace: string | null, localName: string): boolean {
  if (!element.hasAttributeNS(namespace, localName)) return false;
  element.removeAttributeNS(namespace, localName);
  return true;
}

/** Sets the attribute to `value` if present with another value; true when it changed. */
export function neutraliseAttribute(element: Element, namespace: string | null, localName: string, value: string): boolean {
  if (!element.hasAttributeNS(namespace, localName)) return false;
  if (element.getAttributeNS(namespace, localName) === value) return false;
  const attribute = element.getAttributeNodeNS(namespace, localName)!;
  element.setAttributeNS(namespace, attribute.name, value);
  return true;
}

/** The element's text content (all descendant text). */
export function textOf(element: Element): string {
  return element.textContent ?? '';
}

/** Replaces the element's content with one text node; true when the text changed. */
export function setText(element: Element, text: string): boolean {
  if (textOf(element) === text && element.childNodes.length <= 1) return false;
  while (element.firstChild) element.removeChild(element.firstChild);
  if (text) element.appendChild(element.ownerDocument!.createTextNode(text));
  return true;
}

/** Removes all child nodes; returns the child elements that were removed. */
export function emptyElement(element: Element): Element[] {
  const removed = childElements(element);
  while (element.firstChild) element.removeChild(element.firstChild);
  return removed;
}

export function is(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}
