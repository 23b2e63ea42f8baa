// Namespace URIs of the Office Open XML vocabularies the rules look at (ECMA-376 Parts 1 and 2,
// and Microsoft's extensions documented in [MS-DOCX], [MS-XLSX], [MS-PPTX], [MS-OI29500]).

export const NS = {
  // Open Packaging Conventions, ECMA-376 Part 2 §8-§10
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
  relationships: 'http://schemas.openxmlformats.org/package/2006/relationships',
  coreProperties: 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties',
  // Attributes that point at relationships (r:id, r:embed, r:link...), Part 1 §22.8
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  extendedProperties: 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties',
  // WordprocessingML, Part 1 §17, and its Microsoft extensions
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  w14: 'http://schemas.microsoft.com/office/word/2010/wordml',
  w15: 'http://schemas.microsoft.com/office/word/2012/wordml',
  w16cex: 'http://schemas.microsoft.com/office/word/2018/wordml/cex',
  w16du: 'http://schemas.microsoft.com/office/word/2023/wordml/word16du',
  // SpreadsheetML, Part 1 §18, and extensions
  s: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  x15ac: 'http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac',
  xr: 'http://schemas.microsoft.com/office/spreadsheetml/2014/revision',
  xr2: 'http://schemas.microsoft.com/office/spreadsheetml/2015/revision2',
  xr3: 'http://schemas.microsoft.com/office/spreadsheetml/2016/revision3',
  threadedComments: 'http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments',
  // PresentationML, Part 1 §19, and the modern comments of [MS-PPTX] 2.3
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  p188: 'http://schemas.microsoft.com/office/powerpoint/2018/8/main',
  // DrawingML and legacy VML (Part 4)
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
  v: 'urn:schemas-microsoft-com:vml',
  o: 'urn:schemas-microsoft-com:office:office',
} as const;

/** The last segment of a relationship type URI ("…/relationships/thumbnail" -> "thumbnail"). */
export function relationshipTypeName(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}
