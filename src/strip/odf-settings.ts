// settings.xml (ODF 1.2 Part 1 §3.10, config:config-item): application settings, among which
// LibreOffice keeps the printer's name (PrinterName), a base64 printer-driver blob naming it
// again with its driver and options (PrinterSetup), database sources that are file paths, and
// its editing-session ids (Rsid, RsidRoot). Those items go; view settings stay.
import type { Document, Element } from '@xmldom/xmldom';
import { ODF } from './odf-names.ts';
import type { RemovalCategory } from './types.ts';
import { is, removeComments, removeElement, textOf, walkElements } from './xml-dom.ts';
import type { RemovalLog } from './xml-removals.ts';
import { containsUserFolder, isLocalPath } from './xml-values.ts';

const REMOVED_ITEMS: Record<string, [RemovalCategory, string]> = {
  PrinterName: ['device', 'odf-printer-name'],
  PrinterSetup: ['device', 'odf-printer-settings'],
  PrintFaxName: ['device', 'odf-printer-name'],
  PrinterPaperFromSetup: ['device', 'odf-printer-settings'],
  Rsid: ['identifiers', 'odf-rsid'],
  RsidRoot: ['identifiers', 'odf-rsid'],
  CurrentDatabaseDataSource: ['paths', 'odf-database-source'],
  CurrentDatabaseCommand: ['paths', 'odf-database-source'],
};

/** Cleans `doc` if it is an office:document-settings; true when it was one. */
export function cleanOdfSettings(doc: Document, log: RemovalLog): boolean {
  const root = doc.documentElement!;
  if (!is(root, ODF.office, 'document-settings')) return false;
  log.add('comments', 'xml-comment', removeComments(doc));
  walkElements(root, (element) => {
    if (!is(element, ODF.config, 'config-item')) return true;
    const name = element.getAttributeNS(ODF.config, 'name') ?? '';
    const rule = REMOVED_ITEMS[name] ?? (/printer(?:name|setup)/i.test(name) ? (['device', 'odf-printer-settings'] as const) : undefined);
    if (rule) {
      remove(element, rule[0], rule[1], log);
      return false;
    }
    const value = textOf(element);
    if (isLocalPath(value) || containsUserFolder(value)) {
      remove(element, 'paths', 'odf-settings-path', log);
      return false;
    }
    return true;
  });
  return true;
}

function remove(element: Element, category: RemovalCategory, field: string, log: RemovalLog): void {
  removeElement(element);
  log.add(category, field);
}
