// PresentationML (ECMA-376 Part 1 §19) and PowerPoint's modern comments ([MS-PPTX] 2.3).
//   §19.4.2 p:cmAuthor name/initials -> neutral; §19.4.1 p:cm dt (optional) removed.
//   p188:author name/initials -> neutral, userId/providerId (account ids) emptied (required);
//   p188:cm/p188:reply created (required) -> a fixed neutral date.
import type { Element } from '@xmldom/xmldom';
import { NEUTRAL_AUTHOR, NEUTRAL_DATE, NEUTRAL_INITIALS, type PartContext } from './ooxml-context.ts';
import { NS } from './ooxml-names.ts';
import { dropAttribute, neutraliseAttribute } from './xml-dom.ts';

export function cleanSlideElement(element: Element, part: PartContext): boolean {
  const { log } = part;
  const ns = element.namespaceURI;
  const local = element.localName ?? '';
  if ((ns === NS.p && local === 'cmAuthor') || (ns === NS.p188 && local === 'author')) {
    if (neutraliseAttribute(element, null, 'name', NEUTRAL_AUTHOR)) log.add('author', 'pptx-comment-author');
    if (neutraliseAttribute(element, null, 'initials', NEUTRAL_INITIALS)) log.add('author', 'pptx-comment-initials');
    const account = [neutraliseAttribute(element, null, 'userId', ''), neutraliseAttribute(element, null, 'providerId', '')];
    if (account.some(Boolean)) log.add('author', 'pptx-comment-account');
  } else if (ns === NS.p && local === 'cm') {
    if (dropAttribute(element, null, 'dt')) log.add('dates', 'pptx-comment-date');
  } else if (ns === NS.p188 && (local === 'cm' || local === 'reply')) {
    if (neutraliseAttribute(element, null, 'created', NEUTRAL_DATE)) log.add('dates', 'pptx-comment-date');
  }
  return true;
}
