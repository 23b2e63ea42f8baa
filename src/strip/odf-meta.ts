// meta.xml (ODF 1.2 Part 1 §3.1.3 and §4.3): every element of office:meta goes, leaving an empty
// office:meta, which the schema allows. Besides authors, dates, editing time and cycles, the
// generator and the template path, user-defined fields and free-text title/subject/keywords/
// description can name people or clients.
import type { Document, Element } from '@xmldom/xmldom';
import { ODF } from './odf-names.ts';
import type { RemovalCategory } from './types.ts';
import { childElements, emptyElement, is, textOf } from './xml-dom.ts';
import type { RemovalLog } from './xml-removals.ts';

const FIELDS: Record<string, [RemovalCategory, string]> = {
  'initial-creator': ['author', 'odf-initial-creator'],
  creator: ['author', 'odf-creator'],
  'printed-by': ['author', 'odf-printed-by'],
  'creation-date': ['dates', 'odf-creation-date'],
  date: ['dates', 'odf-date'],
  'print-date': ['dates', 'odf-print-date'],
  'editing-cycles': ['history', 'odf-editing-cycles'],
  'editing-duration': ['history', 'odf-editing-duration'],
  generator: ['software', 'odf-generator'],
  template: ['paths', 'odf-template'],
  'auto-reload': ['paths', 'odf-auto-reload'],
  'hyperlink-behaviour': ['other', 'odf-hyperlink-behaviour'],
  'user-defined': ['other', 'odf-user-defined'],
  'document-statistic': ['other', 'odf-statistics'],
  title: ['other', 'odf-title'],
  subject: ['other', 'odf-subject'],
  description: ['other', 'odf-description'],
  keyword: ['other', 'odf-keywords'],
  language: ['other', 'odf-language'],
};

/** Empties office:meta if `doc` is an office:document-meta; true when it was one. */
export function cleanOdfMeta(doc: Document, log: RemovalLog): boolean {
  const root = doc.documentElement!;
  if (!is(root, ODF.office, 'document-meta')) return false;
  for (const meta of childElements(root).filter((el) => is(el, ODF.office, 'meta'))) {
    for (const element of emptyElement(meta)) report(element, log);
  }
  return true;
}

function report(element: Element, log: RemovalLog): void {
  // An element with neither text nor attributes held nothing.
  if (textOf(element).trim() === '' && element.attributes.length === 0) return;
  const [category, field] = FIELDS[element.localName ?? ''] ?? ['other', 'odf-property'];
  log.add(category, field);
}
