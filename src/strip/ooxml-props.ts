// Document properties: docProps/core.xml (ECMA-376 Part 2 §11, Dublin Core terms) and
// docProps/app.xml (Part 1 §22.2, extended properties). Every property goes: besides the
// obvious (creator, last editor, dates, revision count, company, manager, template path, editing
// time), free-text ones such as title, subject, keywords and description often name people or
// clients. Both schemas make every child optional, so the emptied root stays valid.
import type { Document, Element } from '@xmldom/xmldom';
import { NS } from './ooxml-names.ts';
import { emptyElement, is, textOf } from './xml-dom.ts';
import type { RemovalLog } from './xml-removals.ts';
import type { RemovalCategory } from './types.ts';

type Field = [RemovalCategory, string];

const CORE_FIELDS: Record<string, Field> = {
  creator: ['author', 'core-creator'],
  lastModifiedBy: ['author', 'core-last-modified-by'],
  created: ['dates', 'core-created'],
  modified: ['dates', 'core-modified'],
  lastPrinted: ['dates', 'core-last-printed'],
  revision: ['history', 'core-revision'],
  version: ['history', 'core-version'],
  identifier: ['identifiers', 'core-identifier'],
  title: ['other', 'core-title'],
  subject: ['other', 'core-subject'],
  keywords: ['other', 'core-keywords'],
  description: ['other', 'core-description'],
  category: ['other', 'core-category'],
  contentStatus: ['other', 'core-content-status'],
  language: ['other', 'core-language'],
};

const APP_FIELDS: Record<string, Field> = {
  Company: ['author', 'app-company'],
  Manager: ['author', 'app-manager'],
  Template: ['paths', 'app-template'],
  HyperlinkBase: ['paths', 'app-hyperlink-base'],
  HLinks: ['paths', 'app-hyperlinks'],
  Application: ['software', 'app-application'],
  AppVersion: ['software', 'app-version'],
  TotalTime: ['history', 'app-total-editing-time'],
  DigSig: ['author', 'app-digital-signature'],
  TitlesOfParts: ['other', 'app-titles-of-parts'],
  HeadingPairs: ['other', 'app-titles-of-parts'],
};

/** Empties core or extended properties if `doc` is one of them; true when it was. */
export function cleanDocumentProperties(doc: Document, log: RemovalLog): boolean {
  const root = doc.documentElement!;
  if (is(root, NS.coreProperties, 'coreProperties')) {
    report(emptyElement(root), CORE_FIELDS, ['other', 'core-property'], log);
    return true;
  }
  if (is(root, NS.extendedProperties, 'Properties')) {
    // Counts (pages, words, lines...) say nothing of the author but go too: simpler to verify.
    report(emptyElement(root), APP_FIELDS, ['other', 'app-statistics'], log);
    return true;
  }
  return false;
}

function report(removed: Element[], fields: Record<string, Field>, fallback: Field, log: RemovalLog): void {
  for (const element of removed) {
    // An empty <dc:title/> held nothing: only report properties that had a value.
    if (textOf(element).trim() === '') continue;
    const [category, field] = fields[element.localName ?? ''] ?? fallback;
    log.add(category, field);
  }
}
