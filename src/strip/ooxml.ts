// Office Open XML (docx, xlsx, pptx: ECMA-376). The package is rebuilt part by part:
//  1. parts that only hold metadata go with the relationships that reach them (thumbnail,
//     custom properties, printer settings, template, custom XML, macros, signatures, revision
//     logs), and so does every part no relationship reaches any more (leftovers, hidden data);
//  2. embedded files are stripped through the dispatcher (zip-embedded.ts for the policy on
//     those that cannot be cleaned);
//  3. every XML part is parsed and cleaned by namespace-keyed rules (ooxml-part.ts);
//  4. relationships and content types follow what was dropped, external paths are cleared;
//  5. the ZIP is written anew (zip-write.ts).
import type { Document } from '@xmldom/xmldom';
import { reject, StripRejection } from './errors.ts';
import { cleanOoxmlPart } from './ooxml-part.ts';
import {
  CONTENT_TYPES_PART, ContentTypes, isXmlPart, partKey, readRelationships, relationshipPartOf, sourceOfRelationshipPart, type Relationship,
} from './ooxml-package.ts';
import { cleanedBytes, readAll } from './source.ts';
import type { FileKind, RemovalCategory, Stripper } from './types.ts';
import { removeComments } from './xml-dom.ts';
import { parseXml, serializeXml } from './xml-parse.ts';
import { RemovalLog } from './xml-removals.ts';
import { isWebReference } from './xml-values.ts';
import { cleanEmbeddedFile } from './zip-embedded.ts';
import { readZip, type ZipMember } from './zip-read.ts';
import { writeZip } from './zip-write.ts';

/** Relationship types (last URI segment) whose target is metadata only. */
const METADATA_RELATIONSHIPS: Record<string, [RemovalCategory, string]> = {
  thumbnail: ['thumbnails', 'ooxml-thumbnail'], // Part 2 §11.3 (package thumbnail)
  'custom-properties': ['other', 'ooxml-custom-properties'], // Part 1 §22.3
  printerSettings: ['device', 'ooxml-printer-settings'], // Part 1 §15.2.15: a DEVMODE blob naming the printer
  attachedTemplate: ['paths', 'docx-template-path'],
  customXml: ['other', 'ooxml-custom-xml'], // Part 1 §15.2.4: SharePoint/DMS properties, cover-page data
  vbaProject: ['other', 'ooxml-macros'], // [MS-OVBA] project streams hold paths and user names
  wordVbaData: ['other', 'ooxml-macros'],
  origin: ['author', 'ooxml-digital-signature'], // Part 2 §12: signer certificates
  revisionHeaders: ['history', 'xlsx-revision-log'], // Part 1 §18.11: shared-workbook change log
  usernames: ['author', 'xlsx-revision-log'],
  revisionInfo: ['history', 'pptx-revision-info'], // [MS-PPTX]: co-authoring client ids and times
  mailMergeSource: ['paths', 'docx-mail-merge-source'],
  mailMergeHeaderSource: ['paths', 'docx-mail-merge-source'],
  recipientData: ['paths', 'docx-mail-merge-source'],
};

const MIME_TYPES: Partial<Record<FileKind, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

interface RelationshipPart {
  source: string;
  doc: Document;
  relationships: Relationship[];
}

export const stripOoxml: Stripper = async (input, kind, ctx) => {
  const members = readZip(await readAll(input, ctx.limits), ctx.limits, kind);
  const byKey = new Map<string, ZipMember>(members.map((m) => [partKey(m.name), m]));
  const log = new RemovalLog();
  const parse = (member: ZipMember) => parseXml(member.data, ctx.limits, `${kind} ${member.name.slice(0, 80)}`);

  const contentTypesMember = byKey.get(CONTENT_TYPES_PART) ?? reject('malformed', `${kind}: no [Content_Types].xml`);
  const contentTypes = new ContentTypes(parse(contentTypesMember));
  const relationshipParts = new Map<string, RelationshipPart>();
  for (const member of members) {
    const source = sourceOfRelationshipPart(member.name);
    if (source === null) continue;
    const doc = parse(member);
    relationshipParts.set(partKey(member.name), { source, doc, relationships: readRelationships(doc, source) });
  }

  // 1. Metadata relationships and their parts.
  const dropped = new Set<string>();
  const removedRelationships = new Set<Relationship>();
  for (const { relationships } of relationshipParts.values()) {
    for (const rel of relationships) {
      const rule = METADATA_RELATIONSHIPS[rel.typeName];
      if (!rule) continue;
      removedRelationships.add(rel);
      log.add(rule[0], rule[1]);
      if (rel.targetKey) dropped.add(rel.targetKey);
    }
  }
  const dropUnreachable = () => {
    const reached = reachableParts(relationshipParts, removedRelationships, dropped, byKey);
    for (const member of members) {
      const key = partKey(member.name);
      if (reached.has(key) || dropped.has(key) || key === CONTENT_TYPES_PART || member.name.endsWith('/')) continue;
      if (sourceOfRelationshipPart(member.name) !== null) continue;
      dropped.add(key);
      log.add('other', 'ooxml-unreferenced-part');
    }
  };
  dropUnreachable();

  // 2. Embedded files, and the XML parts parsed (a legacy VML drawing that is not XML is dropped).
  const replaced = new Map<string, Uint8Array>();
  const xmlParts = new Map<string, Document>();
  for (const member of members) {
    const key = partKey(member.name);
    if (dropped.has(key) || key === CONTENT_TYPES_PART || member.name.endsWith('/') || relationshipParts.has(key)) continue;
    const type = contentTypes.typeOf(member.name);
    if (isXmlPart(member.name, type)) {
      const doc = parseOrDropVml(member, parse, log);
      if (doc) xmlParts.set(key, doc);
      else dropped.add(key);
      continue;
    }
    const isPicture = type.startsWith('image/') || /\/media\//i.test(member.name);
    const cleaned = await cleanEmbeddedFile(member.name, member.data, isPicture, ctx, log);
    if (cleaned === null) dropped.add(key);
    else replaced.set(key, cleaned);
  }
  dropUnreachable();

  // 3. Relationships: those to dropped parts go, external targets that are paths are cleared.
  const removedIds = new Map<string, Set<string>>();
  for (const [key, part] of relationshipParts) {
    if (part.source !== '' && (dropped.has(partKey(part.source)) || !byKey.has(partKey(part.source)))) {
      dropped.add(key);
      continue;
    }
    removeComments(part.doc);
    for (const rel of part.relationships) {
      if (!removedRelationships.has(rel)) {
        if (rel.external) {
          if (!isWebReference(rel.target)) {
            rel.element.setAttribute('Target', '');
            log.add('paths', 'ooxml-external-path');
          }
          continue;
        }
        if (rel.targetKey === null) {
          // An "internal" target outside the package is a path on the author's machine.
          log.add('paths', 'ooxml-external-path');
        } else if (!dropped.has(rel.targetKey)) {
          continue;
        }
      }
      rel.element.parentNode?.removeChild(rel.element);
      const ids = removedIds.get(partKey(part.source)) ?? new Set<string>();
      ids.add(rel.id);
      removedIds.set(partKey(part.source), ids);
    }
  }
  contentTypes.removeOverrides(dropped);

  // 4. Every XML part, then the package written anew in the original order.
  for (const [key, doc] of xmlParts) {
    cleanOoxmlPart(doc, { name: byKey.get(key)!.name, log, removedRelationshipIds: removedIds.get(key) ?? new Set(), authorNames: [] });
  }
  removeComments(contentTypes.document);
  const output = writeZip(
    members
      .filter((m) => !dropped.has(partKey(m.name)))
      .map((m) => {
        const key = partKey(m.name);
        if (key === CONTENT_TYPES_PART) return { name: m.name, data: serializeXml(contentTypes.document) };
        const doc = xmlParts.get(key) ?? relationshipParts.get(key)?.doc;
        return { name: m.name, data: doc ? serializeXml(doc) : (replaced.get(key) ?? m.data) };
      }),
  );
  return cleanedBytes(kind, MIME_TYPES[kind] ?? 'application/octet-stream', output, log.list());
};

/** Parts reached from the package relationships through relationships that stay. */
function reachableParts(parts: Map<string, RelationshipPart>, removed: Set<Relationship>, dropped: Set<string>, byKey: Map<string, ZipMember>): Set<string> {
  const reached = new Set<string>();
  const queue = [''];
  while (queue.length > 0) {
    const source = queue.pop()!;
    for (const rel of parts.get(partKey(relationshipPartOf(source)))?.relationships ?? []) {
      const target = rel.targetKey;
      if (removed.has(rel) || target === null || dropped.has(target) || reached.has(target) || !byKey.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  return reached;
}

/** Excel's legacy VML is sometimes not well-formed XML: such a drawing is dropped, not passed. */
function parseOrDropVml(member: ZipMember, parse: (m: ZipMember) => Document, log: RemovalLog): Document | null {
  try {
    return parse(member);
  } catch (error) {
    if (!/\.vml$/i.test(member.name) || !(error instanceof StripRejection) || error.code !== 'malformed') throw error;
    log.add('other', 'ooxml-legacy-drawing-data');
    return null;
  }
}
