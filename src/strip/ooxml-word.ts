// WordprocessingML (ECMA-376 Part 1 §17) and Word's extensions ([MS-DOCX]). The comments and the
// tracked changes themselves are content and stay; who made them and when does not.
//   §17.13.4.2 w:comment, §17.13.5 w:ins/w:del/w:moveFrom/w:moveTo/w:rPrChange/w:pPrChange...:
//     w:author -> "Author", w:initials -> "A", w:date removed (optional everywhere).
//   §17.15.1.72 w:rsids and every w:rsid* attribute (§17.3.1.x): revision-session ids that link a
//     file to the editing sessions, and so to other files edited in them.
//   §17.15.1.6 w:attachedTemplate (template path), §17.15.1.86 w:docVars (template/DMS data),
//   §17.14.20 w:mailMerge (data source paths, SQL queries naming files).
//   [MS-DOCX] w15:person/w15:presenceInfo (account ids), w14/w15:docId (a GUID kept across
//   saves), w14:paraId/w14:textId (kept only in comment parts, where commentsExtended refers to
//   them), w16cex:dateUtc and w16du:dateUtc (UTC times of comments and changes).
import type { Element } from '@xmldom/xmldom';
import { NEUTRAL_AUTHOR, NEUTRAL_INITIALS, type PartContext } from './ooxml-context.ts';
import { NS } from './ooxml-names.ts';
import { attributesOf, dropAttribute, neutraliseAttribute, removeElement } from './xml-dom.ts';
import type { RemovalCategory } from './types.ts';

const REMOVED_SETTINGS: Record<string, [RemovalCategory, string]> = {
  rsids: ['identifiers', 'docx-rsid'],
  attachedTemplate: ['paths', 'docx-template-path'],
  docVars: ['other', 'docx-document-variables'],
  mailMerge: ['paths', 'docx-mail-merge-source'],
};

export function cleanWordElement(element: Element, part: PartContext): boolean {
  const { log } = part;
  const ns = element.namespaceURI;
  const local = element.localName ?? '';
  if (ns === NS.w && REMOVED_SETTINGS[local]) {
    const [category, field] = REMOVED_SETTINGS[local]!;
    removeElement(element);
    log.add(category, field);
    return false;
  }
  if ((ns === NS.w14 || ns === NS.w15) && local === 'docId') {
    removeElement(element);
    log.add('identifiers', 'docx-document-id');
    return false;
  }
  if (ns === NS.w15 && local === 'presenceInfo') {
    removeElement(element);
    log.add('author', 'docx-person-account');
    return false;
  }
  if (ns === NS.w15 && local === 'person' && neutraliseAttribute(element, NS.w15, 'author', NEUTRAL_AUTHOR)) {
    log.add('author', 'docx-person-name');
  }
  const isComment = ns === NS.w && local === 'comment';
  let rsids = 0;
  for (const attribute of attributesOf(element)) {
    const name = attribute.localName ?? '';
    if (attribute.namespaceURI === NS.w) {
      if (name.startsWith('rsid')) {
        element.removeAttributeNode(attribute);
        rsids++;
      } else if (name === 'author' && neutraliseAttribute(element, NS.w, 'author', NEUTRAL_AUTHOR)) {
        log.add('author', isComment ? 'docx-comment-author' : 'docx-revision-author');
      } else if (name === 'initials' && neutraliseAttribute(element, NS.w, 'initials', NEUTRAL_INITIALS)) {
        log.add('author', 'docx-comment-initials');
      } else if (name === 'date' && dropAttribute(element, NS.w, 'date')) {
        log.add('dates', isComment ? 'docx-comment-date' : 'docx-revision-date');
      }
    } else if ((attribute.namespaceURI === NS.w16cex || attribute.namespaceURI === NS.w16du) && name === 'dateUtc') {
      element.removeAttributeNode(attribute);
      log.add('dates', 'docx-comment-date');
    } else if (attribute.namespaceURI === NS.w14 && (name === 'textId' || (name === 'paraId' && !isCommentsPart(part)))) {
      element.removeAttributeNode(attribute);
      log.add('identifiers', 'docx-paragraph-id');
    }
  }
  log.add('identifiers', 'docx-rsid', rsids);
  return true;
}

/** Paragraph ids in comment parts are what w15:commentEx refers to ([MS-DOCX] 2.5.4.x). */
function isCommentsPart(part: PartContext): boolean {
  return /(?:^|\/)comments[^/]*\.xml$/i.test(part.name) && !/comments(?:Extended|Ids|Extensible)/i.test(part.name);
}
