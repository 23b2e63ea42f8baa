// Builds the office fixtures for tests/strip/ooxml.test.ts and odf.test.ts, deterministically:
//   npx tsx scripts/strip-fixtures/office.ts
// Every metadata field set carries "CANARY" (numbers and dates cannot, and are checked by the
// tests directly). ZIPs are assembled by hand with fflate, with the container-level leaks
// real tools produce: 2019 timestamps, a per-member extra field and comment, an archive comment.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, strToU8, zipSync, type ZipOptions } from 'fflate';

const OUT = fileURLToPath(new URL('../../tests/fixtures/strip/office/', import.meta.url));
const MTIME = new Date(2019, 4, 1, 10, 0, 0);

// ---------- small binary builders ----------

const fromHex = (hex: string) => new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), (at += p.length);
  return out;
};
const u16le = (n: number) => new Uint8Array([n & 255, (n >> 8) & 255]);
const u32le = (n: number) => new Uint8Array([n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255]);
const u16be = (n: number) => new Uint8Array([(n >> 8) & 255, n & 255]);
const u32be = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
const utf16le = (text: string) => concat(...[...text].map((c) => u16le(c.charCodeAt(0))));

/** A 1x1 baseline JPEG body (everything after SOI). */
const JPEG_BODY = fromHex(
  'ffdb004300' + '01'.repeat(64) + 'ffc0000b080001000101011100' + 'ffc4001400' + '01' + '00'.repeat(15) + '00' +
    'ffc4001410' + '01' + '00'.repeat(15) + '00' + 'ffda000801010000003f00' + '3f' + 'ffd9',
);

/** A JPEG whose EXIF IFD0 names a camera, software and author, plus a COM segment (T.81, Exif 2.3 §4.6). */
export function canaryJpeg(tag: string): Uint8Array {
  const fields: Array<[number, string]> = [
    [0x010e, `CANARY-description-${tag}`],
    [0x010f, 'CANARY-make'],
    [0x0110, 'CANARY-model'],
    [0x0131, 'CANARY-software'],
    [0x013b, `CANARY-author-${tag}`],
    [0x8298, 'CANARY-copyright'],
  ];
  const ifdSize = 2 + fields.length * 12 + 4;
  let dataAt = 8 + ifdSize;
  const entries: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (const [id, text] of fields) {
    const value = concat(strToU8(text), new Uint8Array([0]));
    entries.push(concat(u16le(id), u16le(2), u32le(value.length), u32le(dataAt)));
    values.push(value);
    dataAt += value.length;
  }
  const tiff = concat(strToU8('II'), u16le(42), u32le(8), u16le(fields.length), ...entries, u32le(0), ...values);
  const app1 = concat(strToU8('Exif'), new Uint8Array([0, 0]), tiff);
  const comment = strToU8(`CANARY-jpeg-comment-${tag}`);
  return concat(fromHex('ffd8ffe1'), u16be(app1.length + 2), app1, fromHex('fffe'), u16be(comment.length + 2), comment, JPEG_BODY);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const pngChunk = (type: string, data: Uint8Array) => concat(u32be(data.length), strToU8(type), data, u32be(crc32(concat(strToU8(type), data))));

/** A 1x1 PNG with a tEXt Author chunk (PNG §11.3.4.3). */
export function canaryPng(tag: string): Uint8Array {
  return concat(
    fromHex('89504e470d0a1a0a'),
    pngChunk('IHDR', concat(u32be(1), u32be(1), new Uint8Array([8, 0, 0, 0, 0]))),
    pngChunk('tEXt', strToU8(`Author\0CANARY-png-author-${tag}`)),
    pngChunk('IDAT', deflateSync(new Uint8Array([0, 0xff]))),
    pngChunk('IEND', new Uint8Array(0)),
  );
}

/** A DEVMODE-like printer settings blob: the device name in UTF-16LE, as Windows writes it. */
function printerSettings(): Uint8Array {
  const name = utf16le('CANARY-printer on \\\\CANARY-server');
  const padded = new Uint8Array(64);
  padded.set(name.subarray(0, 64));
  return concat(padded, u16le(0x0401), u16le(0x0401), u16le(220), u16le(0), new Uint8Array(200), utf16le('CANARY-driver'));
}

type Files = Array<[string, string | Uint8Array]>;

/**
 * A ZIP as an office suite would write it, plus container leaks: 2019 timestamps, an extra field
 * (0xCAFE) and a comment on each member, and an archive comment.
 */
export function officeZip(files: Files, options: { storeFirst?: boolean } = {}): Uint8Array {
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  files.forEach(([name, content], i) => {
    const stored = options.storeFirst && i === 0;
    entries[name] = [
      typeof content === 'string' ? strToU8(content) : content,
      stored ? { level: 0, mtime: MTIME } : { level: 6, mtime: MTIME, comment: `CANARY-member-comment`, extra: { 0xcafe: strToU8('CANARY-extra') } },
    ];
  });
  const zip = zipSync(entries, { mtime: MTIME });
  const comment = strToU8('CANARY-zip-comment');
  const out = concat(zip, comment);
  out.set(u16le(comment.length), zip.length - 2); // EOCD comment length (APPNOTE 4.3.16)
  return out;
}

// ---------- OOXML ----------

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const rels = (list: Array<[string, string, string, boolean?]>) =>
  `${XML}<Relationships xmlns="${PKG_REL}">${list
    .map(([id, type, target, external]) => `<Relationship Id="${id}" Type="${type.startsWith('http') ? type : `${REL}/${type}`}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`)
    .join('')}</Relationships>`;

const coreXml = (tag: string) =>
  `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
  `<dc:title>CANARY-title-${tag}</dc:title><dc:subject>CANARY-subject</dc:subject><dc:creator>CANARY-author-${tag}</dc:creator><cp:keywords>CANARY-keywords</cp:keywords>` +
  `<dc:description>CANARY-description</dc:description><cp:lastModifiedBy>CANARY-editor</cp:lastModifiedBy><cp:revision>7</cp:revision><cp:lastPrinted>2019-04-30T08:00:00Z</cp:lastPrinted>` +
  `<dcterms:created xsi:type="dcterms:W3CDTF">2019-04-29T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2019-05-01T10:00:00Z</dcterms:modified>` +
  `<cp:category>CANARY-category</cp:category><cp:contentStatus>CANARY-status</cp:contentStatus></cp:coreProperties>`;

const appXml = (application: string) =>
  `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<Template>CANARY-template.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages><Words>4</Words><Application>CANARY-software ${application}</Application>` +
  `<Manager>CANARY-manager</Manager><Company>CANARY-company</Company><HyperlinkBase>C:\\Users\\CANARY-user\\Documents\\</HyperlinkBase><AppVersion>16.0000</AppVersion></Properties>`;

const customXml =
  `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="CANARY-client"><vt:lpwstr>CANARY-custom-value</vt:lpwstr></property></Properties>`;

const W_NS =
  'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" ' +
  `xmlns:r="${REL}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" ' +
  'xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex" xmlns:w16du="http://schemas.microsoft.com/office/word/2023/wordml/word16du" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" mc:Ignorable="w14 w15 w16cid w16cex w16du"';

const documentXml =
  `${XML}<!-- CANARY-xml-comment --><w:document ${W_NS}><w:body>` +
  `<w:p w14:paraId="00A1B2C3" w14:textId="77777777" w:rsidR="00CA0001" w:rsidRDefault="00CA0002" w:rsidP="00CA0003"><w:commentRangeStart w:id="0"/>` +
  `<w:r w:rsidR="00CA0004"><w:t xml:space="preserve">The quick brown fox</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>` +
  `<w:ins w:id="1" w:author="CANARY-author-tracked" w:date="2019-05-01T10:00:00Z" w16du:dateUtc="2019-05-01T08:00:00Z"><w:r><w:t xml:space="preserve"> jumps over</w:t></w:r></w:ins>` +
  `<w:del w:id="2" w:author="CANARY-author-tracked" w:date="2019-05-01T10:01:00Z"><w:r w:rsidDel="00CA0005"><w:delText xml:space="preserve"> the lazy dog</w:delText></w:r></w:del>` +
  `<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="CANARY-author-format" w:date="2019-05-01T10:02:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve"> again.</w:t></w:r></w:p>` +
  `<w:p><w:pPr><w:pPrChange w:id="4" w:author="CANARY-author-para" w:date="2019-05-01T10:03:00Z"><w:pPr/></w:pPrChange></w:pPr>` +
  `<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="CANARY-IMG_0001.jpg" descr="C:\\Users\\CANARY-user\\Pictures\\IMG_0001.jpg" title="CANARY-photo.jpg"/>` +
  `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="CANARY-IMG_0001.jpg"/><pic:cNvPicPr/></pic:nvPicPr>` +
  `<pic:blipFill><a:blip r:embed="rId5"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>` +
  `</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>` +
  `<w:r><w:pict><v:shape id="s1" style="width:1pt;height:1pt" o:gfxdata="UEsDBCANARY"><v:imagedata r:id="rId5" o:title="CANARY-vml-title"/></v:shape></w:pict></w:r></w:p>` +
  `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "C:\\\\Users\\\\CANARY-user\\\\Pictures\\\\linked.jpg" \\* MERGEFORMATINET </w:instrText></w:r>` +
  `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>picture</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
  `<w:hyperlink r:id="rId6"><w:r><w:t>a local file</w:t></w:r></w:hyperlink> <w:hyperlink r:id="rId7"><w:r><w:t>a web page</w:t></w:r></w:hyperlink></w:p>` +
  `<w:sectPr w:rsidR="00CA0006"><w:printerSettings r:id="rId8"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;

const commentsXml =
  `${XML}<w:comments ${W_NS}><w:comment w:id="0" w:author="CANARY-author-comment" w:date="2019-05-01T10:05:00Z" w:initials="CANARY-initials">` +
  `<w:p w14:paraId="1A2B3C4D" w14:textId="77777777" w:rsidR="00CA0007"><w:r><w:annotationRef/></w:r><w:r><w:t>Check this sentence</w:t></w:r></w:p></w:comment></w:comments>`;

const wordParts: Files = [
  ['[Content_Types].xml', `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"/>` +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
    '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>' +
    '<Override PartName="/word/commentsIds.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml"/><Override PartName="/word/commentsExtensible.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml"/>' +
    '<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>' +
    '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'],
  ['_rels/.rels', rels([
    ['rId1', 'officeDocument', 'word/document.xml'],
    ['rId2', `${PKG_REL}/metadata/core-properties`, 'docProps/core.xml'],
    ['rId3', 'extended-properties', 'docProps/app.xml'],
    ['rId4', 'custom-properties', 'docProps/custom.xml'],
    ['rId5', `${PKG_REL}/metadata/thumbnail`, 'docProps/thumbnail.jpeg'],
  ])],
  ['docProps/core.xml', coreXml('docx')],
  ['docProps/app.xml', appXml('Microsoft Office Word')],
  ['docProps/custom.xml', customXml],
  ['docProps/thumbnail.jpeg', canaryJpeg('thumbnail')],
  ['word/document.xml', documentXml],
  ['word/_rels/document.xml.rels', rels([
    ['rId1', 'settings', 'settings.xml'],
    ['rId2', 'comments', 'comments.xml'],
    ['rId3', 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended', 'commentsExtended.xml'],
    ['rId4', 'http://schemas.microsoft.com/office/2016/09/relationships/commentsIds', 'commentsIds.xml'],
    ['rId5', 'image', 'media/image1.jpeg'],
    ['rId6', 'hyperlink', 'file:///C:\\Users\\CANARY-user\\Documents\\secret.docx', true],
    ['rId7', 'hyperlink', 'https://example.org/', true],
    ['rId8', 'printerSettings', 'printerSettings/printerSettings1.bin'],
    ['rId9', 'http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible', 'commentsExtensible.xml'],
    ['rId10', 'http://schemas.microsoft.com/office/2011/relationships/people', 'people.xml'],
    ['rId11', 'customXml', '../customXml/item1.xml'],
  ])],
  ['word/comments.xml', commentsXml],
  ['word/commentsExtended.xml', `${XML}<w15:commentsEx ${W_NS}><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>`],
  ['word/commentsIds.xml', `${XML}<w16cid:commentsIds ${W_NS}><w16cid:commentId w16cid:paraId="1A2B3C4D" w16cid:durableId="2B3C4D5E"/></w16cid:commentsIds>`],
  ['word/commentsExtensible.xml', `${XML}<w16cex:commentsExtensible ${W_NS}><w16cex:commentExtensible w16cex:durableId="2B3C4D5E" w16cex:dateUtc="2019-05-01T08:05:00Z"/></w16cex:commentsExtensible>`],
  ['word/people.xml', `${XML}<w15:people ${W_NS}><w15:person w15:author="CANARY-author-comment"><w15:presenceInfo w15:providerId="AD" w15:userId="S::CANARY-user@example.com::0a1b2c3d"/></w15:person></w15:people>`],
  ['word/settings.xml', `${XML}<w:settings ${W_NS}><w:zoom w:percent="100"/><w:attachedTemplate r:id="rId1"/>` +
    '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/><w:query w:val="SELECT * FROM `C:\\Users\\CANARY-user\\contacts.xlsx`"/></w:mailMerge>' +
    '<w:defaultTabStop w:val="708"/><w:rsids><w:rsidRoot w:val="00CA0001"/><w:rsid w:val="00CA0002"/></w:rsids>' +
    '<w:docVars><w:docVar w:name="CANARY-var" w:val="CANARY-value"/></w:docVars><w14:docId w14:val="CA0A0A0A"/><w15:docId w15:val="{CANARY00-0000-0000-0000-000000000000}"/></w:settings>'],
  ['word/_rels/settings.xml.rels', rels([['rId1', 'attachedTemplate', 'file:///C:\\Users\\CANARY-user\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm', true]])],
  ['word/media/image1.jpeg', canaryJpeg('media')],
  ['word/printerSettings/printerSettings1.bin', printerSettings()],
  ['customXml/item1.xml', `${XML}<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><Owner>CANARY-owner</Owner></documentManagement></p:properties>`],
  ['customXml/itemProps1.xml', `${XML}<ds:datastoreItem ds:itemID="{CANARY00-1111-2222-3333-444444444444}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>`],
  ['customXml/_rels/item1.xml.rels', rels([['rId1', 'customXmlProps', 'itemProps1.xml']])],
  // Left behind by an old save: listed nowhere, reached by no relationship.
  ['[trash]/0001.dat', strToU8('CANARY-deleted-text from an earlier version')],
];

function xlsx(): Uint8Array {
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return officeZip([
    ['[Content_Types].xml', `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/>` +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>' +
      '<Override PartName="/xl/threadedComments/threadedComment1.xml" ContentType="application/vnd.ms-excel.threadedcomments+xml"/><Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>' +
      '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'],
    ['_rels/.rels', rels([
      ['rId1', 'officeDocument', 'xl/workbook.xml'],
      ['rId2', `${PKG_REL}/metadata/core-properties`, 'docProps/core.xml'],
      ['rId3', 'extended-properties', 'docProps/app.xml'],
    ])],
    ['docProps/core.xml', coreXml('xlsx')],
    ['docProps/app.xml', appXml('Microsoft Excel')],
    ['xl/workbook.xml', `${XML}<workbook xmlns="${S}" xmlns:r="${REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" mc:Ignorable="x15 xr xr6">` +
      '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="22228"/><fileSharing userName="CANARY-sharing-user"/><workbookPr defaultThemeVersion="166925"/>' +
      '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\CANARY-user\\Documents\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>' +
      '<xr:revisionPtr revIDLastSave="0" documentId="8_{CANARY00-AAAA-BBBB-CCCC-DDDDDDDDDDDD}" xr6:coauthVersionLast="45" xr6:coauthVersionMax="45" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}" xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10"/>' +
      '<bookViews><workbookView xWindow="-108" yWindow="-108" windowWidth="23256" windowHeight="12576" xr2:uid="{CANARY00-0000-0000-0000-000000000001}" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"/></bookViews>' +
      '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets><externalReferences><externalReference r:id="rId4"/></externalReferences></workbook>'],
    ['xl/_rels/workbook.xml.rels', rels([
      ['rId1', 'worksheet', 'worksheets/sheet1.xml'],
      ['rId2', 'sharedStrings', 'sharedStrings.xml'],
      ['rId3', 'http://schemas.microsoft.com/office/2017/10/relationships/person', 'persons/person.xml'],
      ['rId4', 'externalLink', 'externalLinks/externalLink1.xml'],
    ])],
    ['xl/sharedStrings.xml', `${XML}<sst xmlns="${S}" count="1" uniqueCount="1"><si><t>The quick brown fox</t></si></sst>`],
    ['xl/worksheets/sheet1.xml', `${XML}<worksheet xmlns="${S}" xmlns:r="${REL}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c></row></sheetData>` +
      '<pageSetup paperSize="9" orientation="portrait" r:id="rId1"/><legacyDrawing r:id="rId3"/></worksheet>'],
    ['xl/worksheets/_rels/sheet1.xml.rels', rels([
      ['rId1', 'printerSettings', '../printerSettings/printerSettings1.bin'],
      ['rId2', 'comments', '../comments1.xml'],
      ['rId3', 'vmlDrawing', '../drawings/vmlDrawing1.vml'],
      ['rId4', 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment', '../threadedComments/threadedComment1.xml'],
    ])],
    ['xl/comments1.xml', `${XML}<comments xmlns="${S}"><authors><author>tc={5A1E0000-5555-6666-7777-888888888888}</author><author>CANARY-author-xl</author></authors><commentList>` +
      '<comment ref="A1" authorId="0"><text><t>[Threaded comment]\n\nComment:\n    Is this right?</t></text></comment>' +
      '<comment ref="B1" authorId="1"><text><r><rPr><b/><sz val="9"/></rPr><t>CANARY-author-xl:</t></r><r><rPr><sz val="9"/></rPr><t xml:space="preserve">\nNice number</t></r></text></comment></commentList></comments>'],
    ['xl/threadedComments/threadedComment1.xml', `${XML}<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="A1" dT="2019-05-01T10:06:00.00" personId="{5A1E0000-9999-0000-0000-000000000000}" id="{00000000-0000-0000-0000-000000000001}"><text>Is this right?</text></threadedComment></ThreadedComments>`],
    ['xl/persons/person.xml', `${XML}<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="CANARY-person" id="{5A1E0000-9999-0000-0000-000000000000}" userId="CANARY-user@example.com" providerId="AD"/></personList>`],
    ['xl/drawings/vmlDrawing1.vml', '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202"><v:textbox/><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>'],
    ['xl/printerSettings/printerSettings1.bin', printerSettings()],
    ['xl/externalLinks/externalLink1.xml', `${XML}<externalLink xmlns="${S}" xmlns:r="${REL}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>`],
    ['xl/externalLinks/_rels/externalLink1.xml.rels', rels([['rId1', 'externalLinkPath', 'file:///C:\\Users\\CANARY-user\\Documents\\Book2.xlsx', true]])],
  ]);
}

function pptx(): Uint8Array {
  const P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
  const spTree = (body: string) => `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${body}</p:spTree></p:cSld>`;
  return officeZip([
    ['[Content_Types].xml', `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
      '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>' +
      '<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>' +
      '<Override PartName="/ppt/commentAuthors.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml"/><Override PartName="/ppt/comments/comment1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.comments+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'],
    ['_rels/.rels', rels([
      ['rId1', 'officeDocument', 'ppt/presentation.xml'],
      ['rId2', `${PKG_REL}/metadata/core-properties`, 'docProps/core.xml'],
      ['rId3', 'extended-properties', 'docProps/app.xml'],
      ['rId4', `${PKG_REL}/metadata/thumbnail`, 'docProps/thumbnail.png'],
    ])],
    ['docProps/core.xml', coreXml('pptx')],
    ['docProps/app.xml', appXml('Microsoft Office PowerPoint')],
    ['docProps/thumbnail.png', canaryPng('pptx-thumbnail')],
    ['ppt/presentation.xml', `${XML}<p:presentation ${P}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`],
    ['ppt/_rels/presentation.xml.rels', rels([
      ['rId1', 'slideMaster', 'slideMasters/slideMaster1.xml'],
      ['rId2', 'slide', 'slides/slide1.xml'],
      ['rId3', 'commentAuthors', 'commentAuthors.xml'],
    ])],
    ['ppt/slideMasters/slideMaster1.xml', `${XML}<p:sldMaster ${P}>${spTree('')}<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`],
    ['ppt/slideMasters/_rels/slideMaster1.xml.rels', rels([['rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml']])],
    ['ppt/slideLayouts/slideLayout1.xml', `${XML}<p:sldLayout ${P}>${spTree('')}</p:sldLayout>`],
    ['ppt/slideLayouts/_rels/slideLayout1.xml.rels', rels([['rId1', 'slideMaster', '../slideMasters/slideMaster1.xml']])],
    ['ppt/slides/slide1.xml', `${XML}<p:sld ${P}>${spTree(
      '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>The quick brown fox</a:t></a:r></a:p></p:txBody></p:sp>' +
        '<p:pic><p:nvPicPr><p:cNvPr id="3" name="Picture 2" descr="/Users/CANARY-user/Desktop/Screenshot 2019-05-01 at 10.00.00.png"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId3"/></p:blipFill><p:spPr/></p:pic>',
    )}</p:sld>`],
    ['ppt/slides/_rels/slide1.xml.rels', rels([
      ['rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      ['rId2', 'comments', '../comments/comment1.xml'],
      ['rId3', 'image', '../media/image1.png'],
    ])],
    ['ppt/media/image1.png', canaryPng('pptx-media')],
    ['ppt/commentAuthors.xml', `${XML}<p:cmAuthorLst ${P}><p:cmAuthor id="0" name="CANARY-author-ppt" initials="CANARY-initials" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`],
    ['ppt/comments/comment1.xml', `${XML}<p:cmLst ${P}><p:cm authorId="0" dt="2019-05-01T10:07:00.000" idx="1"><p:pos x="10" y="10"/><p:text>Great slide</p:text></p:cm></p:cmLst>`],
  ]);
}

// ---------- ODF ----------

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" ' +
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" xmlns:officeooo="http://openoffice.org/2009/office" ' +
  'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3"';

const metaXml = (tag: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta ${ODF_NS}><office:meta>` +
  `<meta:initial-creator>CANARY-author-${tag}</meta:initial-creator><dc:creator>CANARY-editor-${tag}</dc:creator><meta:creation-date>2019-04-29T09:00:00.123</meta:creation-date>` +
  '<dc:date>2019-05-01T10:00:00.456</dc:date><meta:editing-cycles>12</meta:editing-cycles><meta:editing-duration>PT1H2M3S</meta:editing-duration>' +
  '<meta:generator>CANARY-software LibreOffice/7.0.4.2$Linux_X86_64</meta:generator><dc:title>CANARY-title</dc:title><dc:subject>CANARY-subject</dc:subject><dc:description>CANARY-description</dc:description><meta:keyword>CANARY-keyword</meta:keyword>' +
  '<meta:print-date>2019-04-30T08:00:00</meta:print-date><meta:printed-by>CANARY-printed-by</meta:printed-by>' +
  '<meta:template xlink:type="simple" xlink:actuate="onRequest" xlink:title="CANARY-template" xlink:href="file:///home/CANARY-user/Templates/CANARY-letter.ott" meta:date="2019-01-01T00:00:00"/>' +
  '<meta:user-defined meta:name="CANARY-client">CANARY-user-defined</meta:user-defined><meta:document-statistic meta:page-count="1" meta:word-count="4"/></office:meta></office:document-meta>';

const settingsXml =
  `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings ${ODF_NS}><office:settings>` +
  '<config:config-item-set config:name="ooo:view-settings"><config:config-item config:name="ViewAreaTop" config:type="long">0</config:config-item></config:config-item-set>' +
  '<config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">CANARY-printer</config:config-item>' +
  `<config:config-item config:name="PrinterSetup" config:type="base64Binary">${Buffer.from(printerSettings()).toString('base64')}</config:config-item>` +
  '<config:config-item config:name="CurrentDatabaseDataSource" config:type="string">file:///home/CANARY-user/contacts.odb</config:config-item>' +
  '<config:config-item config:name="Rsid" config:type="int">1234567</config:config-item><config:config-item config:name="RsidRoot" config:type="int">7654321</config:config-item>' +
  '<config:config-item config:name="PrinterIndependentLayout" config:type="string">high-resolution</config:config-item></config:config-item-set></office:settings></office:document-settings>';

const annotation = (tag: string) =>
  `<office:annotation office:name="n1"><dc:creator>CANARY-author-annotation-${tag}</dc:creator><dc:date>2019-05-01T10:05:00</dc:date>` +
  `<meta:creator-initials>CANARY-initials</meta:creator-initials><loext:sender-initials>CANARY-initials</loext:sender-initials><meta:date-string>05/01/2019</meta:date-string><text:p>Check this sentence</text:p></office:annotation>`;

const manifest = (mime: string, extra: Array<[string, string]>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
  `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${mime}"/>` +
  [['content.xml', 'text/xml'], ['styles.xml', 'text/xml'], ['meta.xml', 'text/xml'], ['settings.xml', 'text/xml'], ...extra]
    .map(([path, type]) => `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="${type}"/>`).join('') +
  '</manifest:manifest>';

const stylesXml = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${ODF_NS}><office:styles><style:style style:name="Standard" style:family="paragraph"/></office:styles></office:document-styles>`;

function odf(kind: 'text' | 'spreadsheet' | 'presentation', body: string, extra: Files, manifestExtra: Array<[string, string]>): Uint8Array {
  const mime = `application/vnd.oasis.opendocument.${kind}`;
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:automatic-styles>` +
    '<style:style style:name="P1" style:family="paragraph"><style:text-properties officeooo:rsid="00ca0001" officeooo:paragraph-rsid="00ca0002"/></style:style>' +
    `</office:automatic-styles><office:body>${body}</office:body></office:document-content>`;
  return officeZip([
    ['mimetype', mime],
    ['META-INF/manifest.xml', manifest(mime, manifestExtra)],
    ['content.xml', content],
    ['styles.xml', stylesXml],
    ['meta.xml', metaXml(kind)],
    ['settings.xml', settingsXml],
    ...extra,
  ], { storeFirst: true });
}

function odt(): Uint8Array {
  const body = '<office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>CANARY-author-tracked</dc:creator><dc:date>2019-05-01T10:01:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>' +
    `<text:p text:style-name="P1"><text:change-start text:change-id="ct1"/>The quick brown fox<text:change-end text:change-id="ct1"/>${annotation('odt')} jumps.</text:p>` +
    '<text:p><draw:frame draw:name="CANARY-IMG_0001.jpg" svg:width="1cm" svg:height="1cm"><draw:image xlink:href="Pictures/x.jpg" xlink:type="simple"/><svg:title>C:\\Users\\CANARY-user\\Pictures\\IMG_0001.jpg</svg:title></draw:frame>' +
    '<draw:frame draw:name="Image2"><draw:image xlink:href="file:///C:/Users/CANARY-user/Pictures/linked.png" xlink:type="simple"/></draw:frame>' +
    '<text:a xlink:type="simple" xlink:href="https://example.org/">a web page</text:a></text:p></office:text>';
  return odf('text', body, [
    ['Pictures/x.jpg', canaryJpeg('odt-picture')],
    ['Thumbnails/thumbnail.png', canaryPng('odt-thumbnail')],
    ['Configurations2/accelerator/current.xml', new Uint8Array(0)],
    ['Configurations2/', new Uint8Array(0)],
  ], [['Pictures/x.jpg', 'image/jpeg'], ['Thumbnails/thumbnail.png', 'image/png'], ['Configurations2/', 'application/vnd.sun.xml.ui.configuration']]);
}

function ods(): Uint8Array {
  const body = '<office:spreadsheet><table:table table:name="Sheet1"><table:table-row><table:table-cell office:value-type="string">' +
    `${annotation('ods')}<text:p>The quick brown fox</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>`;
  return odf('spreadsheet', body, [['Thumbnails/thumbnail.png', canaryPng('ods-thumbnail')]], [['Thumbnails/thumbnail.png', 'image/png']]);
}

function odp(): Uint8Array {
  const body = '<office:presentation><draw:page draw:name="page1"><draw:frame presentation:class="title" svg:width="10cm" svg:height="2cm"><draw:text-box>' +
    `<text:p>The quick brown fox</text:p></draw:text-box></draw:frame>${annotation('odp')}</draw:page></office:presentation>`;
  return odf('presentation', body, [['Thumbnails/thumbnail.png', canaryPng('odp-thumbnail')]], [['Thumbnails/thumbnail.png', 'image/png']]);
}

// ---------- hostile packages ----------

/** A docx-shaped ZIP with a member of 8 MiB of zeros: about 8 KiB on disk. */
function zipBomb(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(wordParts[0]![1] as string),
    'word/document.xml': strToU8(documentXml),
    'word/media/bomb.bin': [new Uint8Array(8 * 1024 * 1024), { level: 9 }],
  }, { mtime: MTIME });
}

/** The same bomb with its sizes rewritten to claim 100 bytes: inflation must stop there. */
function lyingZipBomb(): Uint8Array {
  const zip = zipBomb();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 4 <= zip.length; at++) {
    const signature = view.getUint32(at, true);
    const nameAt = signature === 0x04034b50 ? at + 30 : signature === 0x02014b50 ? at + 46 : -1;
    if (nameAt < 0) continue;
    const nameLength = view.getUint16(signature === 0x04034b50 ? at + 26 : at + 28, true);
    if (new TextDecoder().decode(zip.subarray(nameAt, nameAt + nameLength)) !== 'word/media/bomb.bin') continue;
    view.setUint32(signature === 0x04034b50 ? at + 22 : at + 24, 100, true);
  }
  return zip;
}

/** A docx with 60 members, for a test run with maxElements 50. */
function manyEntries(): Uint8Array {
  const files: Files = wordParts.slice(0, 7);
  for (let i = 0; i < 60; i++) files.push([`word/media/pad${i}.bin`, strToU8(`pad ${i}`)]);
  return officeZip(files);
}

/** word/document.xml with an entity-expansion DOCTYPE (billion laughs, XML 1.0 §4.2). */
function billionLaughs(): Uint8Array {
  const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
  const doc = `${XML}<!DOCTYPE w:document [<!ENTITY lol0 "lol">${entities}]><w:document ${W_NS}><w:body><w:p><w:r><w:t>&lol10;</w:t></w:r></w:p></w:body></w:document>`;
  return officeZip(wordParts.map(([name, content]) => [name, name === 'word/document.xml' ? doc : content]));
}

/** word/document.xml nested 100 levels deep. */
function deepXml(): Uint8Array {
  const doc = `${XML}<w:document ${W_NS}><w:body>${'<w:sdt><w:sdtContent>'.repeat(50)}<w:p/>${'</w:sdtContent></w:sdt>'.repeat(50)}</w:body></w:document>`;
  return officeZip(wordParts.map(([name, content]) => [name, name === 'word/document.xml' ? doc : content]));
}

export function writeOfficeFixtures(): void {
  mkdirSync(OUT, { recursive: true });
  const fixtures: Record<string, Uint8Array> = {
    'canary.docx': officeZip(wordParts),
    'canary.xlsx': xlsx(),
    'canary.pptx': pptx(),
    'canary.odt': odt(),
    'canary.ods': ods(),
    'canary.odp': odp(),
    'bomb.docx': zipBomb(),
    'bomb-lying-size.docx': lyingZipBomb(),
    'many-entries.docx': manyEntries(),
    'billion-laughs.docx': billionLaughs(),
    'deep-xml.docx': deepXml(),
  };
  for (const [name, bytes] of Object.entries(fixtures)) writeFileSync(join(OUT, name), bytes);
  console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${OUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeOfficeFixtures();
