// Document- and page-level private data: XMP on any object, application data, thumbnails,
// web-capture records, article-thread and layer authors; and on the dictionaries where writers
// keep their own data (catalog, page tree, pages, resources, form and image XObjects, threads,
// the interactive form), every key the specification does not define for them
// (pdf-known-keys.ts), e.g. /AAPL:Keywords or a damaged /PieceInfo.
import { PDFArray, PDFDict, PDFHexString, PDFRawStream, PDFString } from 'pdf-lib';
import { cleanActions, cleanAdditionalActions } from './pdf-actions.ts';
import { drop, nameIs, pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import {
  ACRO_FORM_KEYS, BEAD_KEYS, CATALOG_KEYS, CONTENT_STREAM_KEYS, dropUnknownKeys, FORM_KEYS, IMAGE_KEYS, LAYER_KEYS, PAGE_KEYS,
  PAGE_TREE_KEYS, RESOURCE_KEYS, THREAD_KEYS, USAGE_KEYS, type KnownKeys,
} from './pdf-known-keys.ts';
import { xmpRemovals } from './pdf-metadata.ts';
import type { PdfNode } from './pdf-walk.ts';
import type { RemovalCategory } from './types.ts';

export function cleanDocumentData(node: PdfNode, cleanup: PdfCleanup): void {
  const { dict } = node;
  // §14.3.2: metadata streams may hang off any stream or dictionary, not only the catalog.
  const metadata = dict.lookup(pdfName('Metadata'));
  if (drop(dict, 'Metadata') && metadata && !cleanup.reported.has(metadata)) {
    cleanup.reported.add(metadata);
    cleanup.removed.push(...xmpRemovals(metadata));
  }
  // §14.5: page-piece dictionaries hold private data of the application that wrote the file.
  if (drop(dict, 'PieceInfo')) report(cleanup, 'other', 'pdf-piece-info');
  if (drop(dict, 'LastModified')) report(cleanup, 'dates', 'pdf-last-modified');
  // §12.3.4 (pages) and ISO 32000-2 §7.11.3 (attachments): a thumbnail may show an earlier state.
  if (drop(dict, 'Thumb')) report(cleanup, 'thumbnails', 'pdf-thumbnail');
  // Annex E: vendors' keys carry a registered prefix and a colon (AAPL:Keywords); no key of the
  // specification has one. Whatever dictionary they are on, they are private data.
  for (const key of dict.keys()) {
    if (!key.asString().includes(':')) continue;
    dict.delete(key);
    report(cleanup, 'other', 'pdf-private-data');
  }

  if (node.ref === cleanup.root || nameIs(dict, 'Type', 'Catalog')) cleanCatalog(dict, cleanup);
  else if (nameIs(dict, 'Type', 'Page')) cleanPage(dict, cleanup);
  else if (nameIs(dict, 'Type', 'Thread')) cleanThread(dict, cleanup);
  else if (nameIs(dict, 'Type', 'Bead')) dropUnknownKeys(dict, BEAD_KEYS, cleanup);
  // §8.8: XObjects are streams; /Type /XObject is optional, /Subtype is not.
  if (node.stream && nameIs(dict, 'Subtype', 'Form')) cleanResourceOwner(dict, FORM_KEYS, cleanup);
  if (node.stream && nameIs(dict, 'Subtype', 'Image')) cleanImage(dict, cleanup);
  if (nameIs(dict, 'Type', 'OCG')) dropUnknownKeys(dict, LAYER_KEYS, cleanup);
  if (nameIs(dict, 'Type', 'Pages')) {
    cleanResourceOwner(dict, PAGE_TREE_KEYS, cleanup);
    // Leaves of the page tree are pages, whatever their /Type says (§7.7.3.3). Those that say
    // /Type /Page are cleaned when the walk reaches them (above): only the others are done here.
    const kids = dict.lookup(pdfName('Kids'));
    if (kids instanceof PDFArray) {
      for (let i = 0; i < kids.size(); i++) {
        const kid = kids.lookup(i);
        if (kid instanceof PDFDict && !kid.has(pdfName('Kids')) && !nameIs(kid, 'Type', 'Page')) cleanPage(kid, cleanup);
      }
    }
  }
  if (dict.has(pdfName('Usage'))) cleanLayerUsage(dict, cleanup); // only layers have /Usage
  if (nameIs(dict, 'FT', 'Sig') && drop(dict, 'V')) reportSignature(cleanup);
}

/** Run last on each dictionary, after the rules that know the keys' proper places. */
export function dropMisplacedInfo(node: PdfNode, cleanup: PdfCleanup): void {
  for (const [key, category, field] of INFO_KEYS) if (drop(node.dict, key)) report(cleanup, category, field);
}

function cleanCatalog(catalog: PDFDict, cleanup: PdfCleanup): void {
  // §14.10.2: web capture records the URLs and times the pages were fetched.
  if (drop(catalog, 'SpiderInfo')) report(cleanup, 'history', 'pdf-web-capture');
  const names = catalog.lookup(pdfName('Names'));
  if (names instanceof PDFDict) {
    const ids = drop(names, 'IDS');
    if (drop(names, 'URLS') || ids) report(cleanup, 'history', 'pdf-web-capture');
  }
  // §12.4.3: a thread's information dictionary holds its title, author and dates; thread
  // dictionaries need not say /Type /Thread, so they are found from the catalog's list too.
  const threads = catalog.lookup(pdfName('Threads'));
  if (threads instanceof PDFArray) {
    for (let i = 0; i < threads.size(); i++) {
      const thread = threads.lookup(i);
      if (thread instanceof PDFDict) cleanThread(thread, cleanup);
    }
  }
  // §12.8: signatures (and their certificates, §12.8.4.3 DSS) name the signer; rewriting the
  // file invalidates them anyway. The signature fields' appearances stay on the pages.
  let signatures = 0;
  for (const key of ['Perms', 'DSS', 'Legal']) if (drop(catalog, key)) signatures++;
  if (signatures > 0) reportSignature(cleanup);
  const form = catalog.lookup(pdfName('AcroForm'));
  if (form instanceof PDFDict) {
    drop(form, 'SigFlags'); // "append only" would ask editors to keep old revisions
    dropXfaMetadata(form, cleanup);
    dropUnknownKeys(form, ACRO_FORM_KEYS, cleanup);
  }
  const openAction = catalog.lookup(pdfName('OpenAction'));
  if (openAction instanceof PDFDict) cleanActions(openAction, cleanup); // else a destination (§12.3.2)
  cleanAdditionalActions(catalog, cleanup);
  dropUnknownKeys(catalog, CATALOG_KEYS, cleanup);
}

/** §12.7.8: an XFA form is an array of (packet name, stream) pairs; its xmpmeta packet is XMP. */
function dropXfaMetadata(form: PDFDict, cleanup: PdfCleanup): void {
  const xfa = form.lookup(pdfName('XFA'));
  if (!(xfa instanceof PDFArray)) return;
  for (let i = xfa.size() - 2; i >= 0; i -= 2) {
    const packet = xfa.lookup(i);
    if ((packet instanceof PDFString || packet instanceof PDFHexString) && packet.decodeText() === 'xmpmeta') {
      const metadata = xfa.lookup(i + 1);
      xfa.remove(i + 1);
      xfa.remove(i);
      cleanup.removed.push(...xmpRemovals(metadata));
    }
  }
}

function cleanPage(page: PDFDict, cleanup: PdfCleanup): void {
  // §14.10.6: the digital identifier of the web-capture content set the page came from.
  if (drop(page, 'ID')) report(cleanup, 'identifiers', 'pdf-web-capture-id');
  cleanAdditionalActions(page, cleanup);
  cleanResourceOwner(page, PAGE_KEYS, cleanup);
  // §7.7.3.3: /Contents is a stream or an array of streams.
  const contents = page.lookup(pdfName('Contents'));
  const streams = contents instanceof PDFArray ? Array.from({ length: contents.size() }, (_, i) => contents.lookup(i)) : [contents];
  for (const stream of streams) {
    // One that says what else it is (a form XObject misused as page content) keeps its own keys.
    const plain = stream instanceof PDFRawStream && !stream.dict.has(pdfName('Type')) && !stream.dict.has(pdfName('Subtype'));
    if (plain) dropUnknownKeys(stream.dict, CONTENT_STREAM_KEYS, cleanup);
  }
}

/** §8.9.5: an image's /ID names the web-capture content set it came from (§14.10.6). */
function cleanImage(image: PDFDict, cleanup: PdfCleanup): void {
  if (drop(image, 'ID')) report(cleanup, 'identifiers', 'pdf-web-capture-id');
  dropUnknownKeys(image, IMAGE_KEYS, cleanup);
}

/** §12.4.3: a thread's information dictionary holds its title, author and dates. */
function cleanThread(thread: PDFDict, cleanup: PdfCleanup): void {
  if (drop(thread, 'I')) report(cleanup, 'author', 'pdf-thread-info');
  dropUnknownKeys(thread, THREAD_KEYS, cleanup);
}

/** A page, page tree node or form XObject, and the resource dictionary it names (§7.8.3). */
function cleanResourceOwner(dict: PDFDict, keys: KnownKeys, cleanup: PdfCleanup): void {
  dropUnknownKeys(dict, keys, cleanup);
  const resources = dict.lookup(pdfName('Resources'));
  if (resources instanceof PDFDict) dropUnknownKeys(resources, RESOURCE_KEYS, cleanup);
}

/**
 * Document information entries (§14.3.3 Table 317) are only defined in the Info dictionary
 * (and thread information, §12.4.3): met anywhere else (a damaged file, a writer's copy), they
 * go too.
 */
const INFO_KEYS: [string, RemovalCategory, string][] = [
  ['Author', 'author', 'pdf-info-author'], ['Creator', 'software', 'pdf-info-creator'], ['Producer', 'software', 'pdf-info-producer'],
  ['CreationDate', 'dates', 'pdf-info-dates'], ['ModDate', 'dates', 'pdf-info-dates'],
];

/** §8.11.4.4: a layer's usage dictionary may name its creator application and its users. */
function cleanLayerUsage(group: PDFDict, cleanup: PdfCleanup): void {
  const usage = group.lookup(pdfName('Usage'));
  if (!(usage instanceof PDFDict)) return;
  if (drop(usage, 'CreatorInfo')) report(cleanup, 'software', 'pdf-layer-creator');
  if (drop(usage, 'User')) report(cleanup, 'author', 'pdf-layer-user');
  dropUnknownKeys(usage, USAGE_KEYS, cleanup);
}

export function reportSignature(cleanup: PdfCleanup): void {
  report(cleanup, 'author', 'pdf-digital-signature');
}
