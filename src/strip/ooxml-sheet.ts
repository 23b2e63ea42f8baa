// SpreadsheetML (ECMA-376 Part 1 §18) and Excel's extensions ([MS-XLSX]).
//   §18.7.1/§18.7.2 comment authors: neutral names; Excel also starts each legacy comment's
//     text with "Name:" in bold, which is the author's name again and is neutralised too.
//   [MS-XLSX] 2.6.205 threaded comments: dT (date) removed; persons: displayName neutral,
//     userId/providerId (account ids) removed.
//   §18.2.10 fileSharing userName; §18.2.13 fileVersion lastEdited/lowestEdited/rupBuild
//     (application build); §18.2.30 workbookView window position and size (screen geometry).
//   x15ac:absPath (the folder the workbook was saved in), xr:revisionPtr (document GUID) and
//   xr*:uid (object GUIDs kept across saves).
import type { Element } from '@xmldom/xmldom';
import { NEUTRAL_AUTHOR, type PartContext } from './ooxml-context.ts';
import { NS } from './ooxml-names.ts';
import { dropAttribute, is, neutraliseAttribute, removeElement, setText, textOf } from './xml-dom.ts';

const WINDOW_GEOMETRY = ['xWindow', 'yWindow', 'windowWidth', 'windowHeight'];
const APP_VERSION = ['lastEdited', 'lowestEdited', 'rupBuild'];
const THREADED_COMMENT_LINK = /^tc=\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

export function cleanSheetElement(element: Element, part: PartContext): boolean {
  const { log } = part;
  const ns = element.namespaceURI;
  const local = element.localName ?? '';
  if ((ns === NS.x15ac && local === 'absPath') || (ns === NS.xr && local === 'revisionPtr')) {
    removeElement(element);
    log.add(local === 'absPath' ? 'paths' : 'identifiers', local === 'absPath' ? 'xlsx-absolute-path' : 'xlsx-document-id');
    return false;
  }
  for (const uidNs of [NS.xr, NS.xr2, NS.xr3]) {
    if (dropAttribute(element, uidNs, 'uid')) log.add('identifiers', 'xlsx-object-id');
  }
  if (ns === NS.s) {
    if (local === 'author' && element.parentNode && is(element.parentNode as Element, NS.s, 'authors')) {
      const name = textOf(element);
      // "tc={GUID}" is how Excel ties a legacy comment to its threaded comment ([MS-XLSX]
      // 2.6.205): a random id, not a person, and the link must survive.
      if (name !== NEUTRAL_AUTHOR && !THREADED_COMMENT_LINK.test(name)) {
        part.authorNames.push(name);
        setText(element, NEUTRAL_AUTHOR);
        log.add('author', 'xlsx-comment-author');
      }
    } else if (local === 't' && part.authorNames.length > 0 && insideComment(element)) {
      const text = textOf(element);
      const name = part.authorNames.find((n) => n.trim() !== '' && text.startsWith(`${n}:`));
      if (name !== undefined) {
        setText(element, `${NEUTRAL_AUTHOR}:${text.slice(name.length + 1)}`);
        log.add('author', 'xlsx-comment-author');
      }
    } else if (local === 'fileSharing' && dropAttribute(element, null, 'userName')) {
      log.add('author', 'xlsx-file-sharing-user');
    } else if (local === 'fileVersion') {
      if (APP_VERSION.filter((a) => dropAttribute(element, null, a)).length) log.add('software', 'xlsx-app-version');
    } else if (local === 'workbookView') {
      if (WINDOW_GEOMETRY.filter((a) => dropAttribute(element, null, a)).length) log.add('device', 'xlsx-window-geometry');
    }
  } else if (ns === NS.threadedComments) {
    if (local === 'threadedComment' && dropAttribute(element, null, 'dT')) log.add('dates', 'xlsx-comment-date');
    if (local === 'person') {
      if (neutraliseAttribute(element, null, 'displayName', NEUTRAL_AUTHOR)) log.add('author', 'xlsx-person-name');
      const account = [dropAttribute(element, null, 'userId'), dropAttribute(element, null, 'providerId')];
      if (account.some(Boolean)) log.add('author', 'xlsx-person-account');
    }
  }
  return true;
}

/** A text run of a legacy comment: comment > text > (r >) t. */
function insideComment(element: Element): boolean {
  for (let node = element.parentNode, hops = 0; node && hops < 3; node = node.parentNode, hops++) {
    if (is(node as Element, NS.s, 'comment')) return true;
  }
  return false;
}
