// OpenDocument packages (odt, ods, odp: ODF 1.2 Part 3). The package is rebuilt file by file:
// meta.xml emptied (odf-meta.ts), document XML cleaned (odf-content.ts), settings.xml rid of
// printer and path items (odf-settings.ts), the thumbnail and signatures dropped, pictures and
// other embedded files stripped through the dispatcher (zip-embedded.ts), the manifest updated
// for every dropped file (odf-manifest.ts). The "mimetype" file is written first and stored
// uncompressed, as ODF 1.2 Part 3 §3.3 requires.
import type { Document } from '@xmldom/xmldom';
import { reject } from './errors.ts';
import { cleanOdfDocumentXml } from './odf-content.ts';
import { assertNotEncrypted, manifestMediaTypes, removeManifestEntries } from './odf-manifest.ts';
import { cleanOdfMeta } from './odf-meta.ts';
import { cleanOdfSettings } from './odf-settings.ts';
import { cleanedBytes, readAll } from './source.ts';
import type { FileKind, Stripper } from './types.ts';
import { removeComments } from './xml-dom.ts';
import { parseXml, serializeXml } from './xml-parse.ts';
import { RemovalLog } from './xml-removals.ts';
import { cleanEmbeddedFile } from './zip-embedded.ts';
import { readZip } from './zip-read.ts';
import { writeZip, type ZipEntry } from './zip-write.ts';

const MANIFEST = 'META-INF/manifest.xml';
const MIMETYPE = 'mimetype';

const MIME_TYPES: Partial<Record<FileKind, string>> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

export const stripOdf: Stripper = async (input, kind, ctx) => {
  const members = readZip(await readAll(input, ctx.limits), ctx.limits, kind);
  const log = new RemovalLog();
  const parse = (name: string, data: Uint8Array) => parseXml(data, ctx.limits, `${kind} ${name.slice(0, 80)}`);

  if (!MIME_TYPES[kind] || !members.some((m) => m.name === MIMETYPE)) reject('malformed', `${kind}: no mimetype file`);
  const manifestMember = members.find((m) => m.name === MANIFEST) ?? reject('malformed', `${kind}: no ${MANIFEST}`);
  const manifest = parse(MANIFEST, manifestMember.data);
  assertNotEncrypted(manifest);
  log.add('comments', 'xml-comment', removeComments(manifest));
  const mediaTypes = manifestMediaTypes(manifest);

  const dropped = new Set<string>();
  // Detection matched the member's text to `kind`: write the canonical type, nothing else.
  const output: ZipEntry[] = [{ name: MIMETYPE, data: new TextEncoder().encode(MIME_TYPES[kind] ?? ''), stored: true }];
  for (const { name, data } of members) {
    if (name === MIMETYPE || name === MANIFEST) continue;
    if (name.endsWith('/') || data.length === 0) {
      output.push({ name, data });
    } else if (/^Thumbnails\//.test(name)) {
      // Part 3 §3.7: a preview of the first page, possibly of an earlier version.
      dropped.add(name);
      log.add('thumbnails', 'odf-thumbnail');
    } else if (/^META-INF\/.*signatures.*\.xml$/i.test(name)) {
      // Part 3 §5: XML digital signatures carry the signer's certificate, name included.
      dropped.add(name);
      log.add('author', 'odf-digital-signature');
    } else if (/\.xml$/i.test(name) || /xml$/i.test(mediaTypes.get(name) ?? '')) {
      output.push({ name, data: serializeXml(cleanXml(parse(name, data), log)) });
    } else {
      const isPicture = name.startsWith('Pictures/') || (mediaTypes.get(name) ?? '').startsWith('image/');
      const cleaned = await cleanEmbeddedFile(name, data, isPicture, ctx, log);
      if (cleaned === null) dropped.add(name);
      else output.push({ name, data: cleaned });
    }
  }
  removeManifestEntries(manifest, dropped);
  // The manifest keeps its place: right after mimetype in files written by LibreOffice.
  const manifestAt = members.filter((m) => m.name !== MIMETYPE && !dropped.has(m.name)).findIndex((m) => m.name === MANIFEST);
  output.splice(1 + Math.max(0, manifestAt), 0, { name: MANIFEST, data: serializeXml(manifest) });
  return cleanedBytes(kind, MIME_TYPES[kind] ?? 'application/octet-stream', writeZip(output), log.list());
};

function cleanXml(doc: Document, log: RemovalLog): Document {
  if (cleanOdfMeta(doc, log)) {
    log.add('comments', 'xml-comment', removeComments(doc));
  } else if (!cleanOdfSettings(doc, log)) {
    cleanOdfDocumentXml(doc, log);
  }
  return doc;
}
