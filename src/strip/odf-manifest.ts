// META-INF/manifest.xml (ODF 1.2 Part 3 §4): the list of the package's files. It must not list
// a file that is no longer there, or LibreOffice calls the document damaged; an entry with
// manifest:encryption-data means that file is encrypted (§4.8) and cannot be inspected.
import type { Document } from '@xmldom/xmldom';
import { reject } from './errors.ts';
import { ODF } from './odf-names.ts';
import { childElements, is, removeElement } from './xml-dom.ts';

export function assertNotEncrypted(manifest: Document): void {
  for (const entry of childElements(manifest.documentElement!)) {
    if (childElements(entry).some((child) => is(child, ODF.manifest, 'encryption-data'))) {
      reject('encrypted', 'the document is password-protected: its contents cannot be checked');
    }
  }
}

/** Media types by full path, as the manifest declares them. */
export function manifestMediaTypes(manifest: Document): Map<string, string> {
  const types = new Map<string, string>();
  for (const entry of childElements(manifest.documentElement!)) {
    if (!is(entry, ODF.manifest, 'file-entry')) continue;
    types.set(entry.getAttributeNS(ODF.manifest, 'full-path') ?? '', entry.getAttributeNS(ODF.manifest, 'media-type') ?? '');
  }
  return types;
}

/** Removes the entries of dropped files. */
export function removeManifestEntries(manifest: Document, dropped: ReadonlySet<string>): void {
  for (const entry of childElements(manifest.documentElement!)) {
    if (is(entry, ODF.manifest, 'file-entry') && dropped.has(entry.getAttributeNS(ODF.manifest, 'full-path') ?? '')) removeElement(entry);
  }
}
