// Traversal of a parsed PDF's object graph from the trailer's /Root (ISO 32000-1 §7.7.2), and
// garbage collection of everything not reached. Iterative (an explicit stack), each indirect
// object visited once, so a page tree of any depth or a reference cycle cannot overflow the
// stack or loop.
import { PDFArray, PDFDict, PDFInvalidObject, PDFNull, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFName, type PDFObject } from 'pdf-lib';

/** A dictionary met during the walk (a stream's dictionary included). */
export interface PdfNode {
  dict: PDFDict;
  /** Set when the dictionary belongs to a stream. */
  stream?: PDFRawStream;
  /** Set when the object is indirect. */
  ref?: PDFRef;
  /** Puts another object in this one's place (same reference, or same slot of its parent). */
  replace(object: PDFObject): void;
}

/** Called for each dictionary before its entries are followed: deleting a key prunes its subtree. */
export type Visitor = (node: PdfNode) => void;
/**
 * Asked for every reference and direct value before it is followed, with the object it stands
 * for; true cuts that link (the dictionary key is deleted, the array element becomes null).
 */
export type LinkFilter = (object: PDFObject) => boolean;

/** Where a value sits: an indirect reference, or a slot of its parent dictionary or array. */
interface Pending {
  value: PDFObject;
  ref?: PDFRef;
  parent?: PDFDict | PDFArray;
  slot?: PDFName | number;
}

function put(context: PDFContext, { ref, parent, slot }: Pending, object: PDFObject): void {
  if (ref) context.assign(ref, object);
  else if (parent instanceof PDFArray) parent.set(slot as number, object);
  else parent?.set(slot as PDFName, object);
}

const isContainer = (value: PDFObject) => value instanceof PDFRef || value instanceof PDFDict || value instanceof PDFArray || value instanceof PDFStream;

/** Walks everything reachable from `roots`; returns the indirect references reached. */
export function walkPdf(context: PDFContext, roots: PDFRef[], visit: Visitor = () => {}, cut: LinkFilter = () => false): Set<PDFRef> {
  const seen = new Set<PDFRef>();
  const stack: Pending[] = roots.map((root) => ({ value: root }));

  // Numbers, names and strings are neither followed nor offered to `cut`.
  const follow = (value: PDFObject, parent: PDFDict | PDFArray, slot: PDFName | number) => {
    if (!isContainer(value) && !(value instanceof PDFInvalidObject)) return;
    const target = value instanceof PDFRef ? context.lookup(value) : value;
    if (target !== undefined && cut(target)) {
      if (parent instanceof PDFArray) parent.set(slot as number, PDFNull);
      else parent.delete(slot as PDFName);
    } else if (isContainer(value)) {
      stack.push({ value, parent, slot });
    }
  };

  while (stack.length > 0) {
    const pending = stack.pop()!;
    const { value } = pending;
    if (value instanceof PDFRef) {
      if (seen.has(value)) continue;
      seen.add(value);
      const target = context.lookup(value);
      if (target !== undefined) stack.push({ value: target, ref: value });
      continue;
    }
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) follow(value.get(i), value, i);
      continue;
    }
    const stream = value instanceof PDFRawStream ? value : undefined;
    const dict = value instanceof PDFStream ? value.dict : value instanceof PDFDict ? value : undefined;
    if (!dict) continue;
    visit({ dict, ...(stream ? { stream } : {}), ...(pending.ref ? { ref: pending.ref } : {}), replace: (object) => put(context, pending, object) });
    for (const [key, child] of dict.entries()) follow(child, dict, key);
  }
  return seen;
}

/** The indirect objects that `walkPdf` did not reach. */
export function unreachedObjects(context: PDFContext, reached: Set<PDFRef>): [PDFRef, PDFObject][] {
  return context.enumerateIndirectObjects().filter(([ref]) => !reached.has(ref));
}

/**
 * Keeps only the objects reachable from `root`, numbered 1..n in the order they are met, all
 * generation 0 (§7.3.10): nothing of an earlier revision survives, and neither do gaps or
 * generation numbers that would tell how the file was edited. Returns the catalog's new reference.
 */
export function renumberReachable(context: PDFContext, root: PDFRef): PDFRef {
  const order = [...walkPdf(context, [root])].filter((ref) => context.lookup(ref) !== undefined);
  const renamed = new Map(order.map((ref, i) => [ref, PDFRef.of(i + 1, 0)]));
  const objects = order.map((ref) => context.lookup(ref)!);
  for (const object of objects) rewriteReferences(object, renamed);
  for (const [ref] of context.enumerateIndirectObjects()) context.delete(ref);
  objects.forEach((object, i) => context.assign(PDFRef.of(i + 1, 0), object));
  context.largestObjectNumber = objects.length;
  return renamed.get(root)!;
}

/** Replaces references inside one object's direct values; a dangling one becomes null (§7.3.10). */
function rewriteReferences(object: PDFObject, renamed: Map<PDFRef, PDFRef>): void {
  const stack: PDFObject[] = [object];
  const renamedOrNull = (value: PDFRef) => renamed.get(value) ?? PDFNull;
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) {
        const item = value.get(i);
        if (item instanceof PDFRef) value.set(i, renamedOrNull(item));
        else stack.push(item);
      }
    } else if (value instanceof PDFDict || value instanceof PDFStream) {
      const dict = value instanceof PDFStream ? value.dict : value;
      for (const [key, item] of dict.entries()) {
        if (item instanceof PDFRef) dict.set(key, renamedOrNull(item));
        else stack.push(item);
      }
    }
  }
}
