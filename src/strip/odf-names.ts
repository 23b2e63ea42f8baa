// Namespace URIs of the OpenDocument vocabularies the rules look at (ODF 1.2 Part 1 §1.5,
// Part 3 §4) and of LibreOffice's own extensions.

export const ODF = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  meta: 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  config: 'urn:oasis:names:tc:opendocument:xmlns:config:1.0',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
  draw: 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
  svg: 'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
  xlink: 'http://www.w3.org/1999/xlink',
  /** LibreOffice's revision-session ids (officeooo:rsid), like Word's w:rsid. */
  officeooo: 'http://openoffice.org/2009/office',
  loext: 'urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0',
} as const;

/** The replacements for names and for dates the schema requires. */
export const ODF_NEUTRAL_AUTHOR = 'Author';
export const ODF_NEUTRAL_INITIALS = 'A';
export const ODF_NEUTRAL_DATE = '1980-01-01T00:00:00';
