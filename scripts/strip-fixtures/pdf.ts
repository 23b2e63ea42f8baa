// Builds the PDF stripper's fixtures: `npx tsx scripts/strip-fixtures/pdf.ts [--bench]`.
// Every metadata field carries "CANARY"; dates are 1999-09-09 / 1999-10-10 and GPS is
// 48.8584 N 2.2945 E, so a leak of any of them is visible in the cleaned output. Build-time
// tools: cjpeg, opj_compress (libopenjp2-tools) and exiftool (the JPEG and JPEG 2000 images
// with EXIF and XMP), qpdf (encrypted and linearized variants).
// Deterministic: same tools, same bytes. --bench also writes a 100-page PDF to /tmp.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFContext, type PDFDict, type PDFObject, type PDFRef } from 'pdf-lib';

const OUT = new URL('../../tests/fixtures/strip/pdf/', import.meta.url).pathname;
const WORK = mkdtempSync(join(tmpdir(), 'pdf-fixtures-'));
const DATE = 'D:19990909090909Z';
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** A PDF literal string (§7.3.4.2), escaped. */
const lit = (text: string) => PDFString.of(text.replace(/[\\()]/g, (c) => `\\${c}`));

const XMP = (about: string) => `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="CANARY-xmp-toolkit">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/">
   <dc:creator><rdf:Seq><rdf:li>CANARY-xmp-author-${about}</rdf:li></rdf:Seq></dc:creator>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">CANARY-xmp-title-${about}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreatorTool>CANARY-xmp-creator-tool</xmp:CreatorTool>
   <xmp:CreateDate>1999-09-09T09:09:09Z</xmp:CreateDate>
   <pdf:Producer>CANARY-xmp-producer</pdf:Producer>
   <xmpMM:DocumentID>uuid:CANARY-document-${about}</xmpMM:DocumentID>
   <exif:GPSLatitude>48,51.504N</exif:GPSLatitude>
   <exif:GPSLongitude>2,17.67E</exif:GPSLongitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

function xmpStream(context: PDFContext, about: string): PDFRef {
  return context.register(context.stream(new TextEncoder().encode(XMP(about)), { Type: 'Metadata', Subtype: 'XML' }));
}

/** A small photo-like JPEG (cjpeg) with EXIF, XMP and a comment (exiftool) full of canaries. */
function jpegWithExif(): Uint8Array {
  const [width, height] = [48, 32];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([x * 5, y * 7, (x * y) % 256], (y * width + x) * 3);
  const ppm = join(WORK, 'photo.ppm');
  const jpg = join(WORK, 'photo.jpg');
  writeFileSync(ppm, Buffer.concat([Buffer.from(`P6\n${width} ${height}\n255\n`), pixels]));
  writeFileSync(jpg, execFileSync('cjpeg', ['-quality', '80', ppm]));
  execFileSync('exiftool', ['-q', '-overwrite_original',
    '-Make=CANARY-make', '-Model=CANARY-model', '-SerialNumber=CANARY-serial', '-Artist=CANARY-artist',
    '-Software=CANARY-software', '-ImageDescription=CANARY-description', '-DateTimeOriginal=1999:09:09 09:09:09',
    '-GPSLatitude=48.8584', '-GPSLatitudeRef=N', '-GPSLongitude=2.2945', '-GPSLongitudeRef=E',
    '-XMP-dc:Creator=CANARY-xmp-photographer', '-Comment=CANARY-jpeg-comment', jpg]);
  return new Uint8Array(readFileSync(jpg));
}

/** A JPEG 2000 file (opj_compress) with a codestream comment, EXIF and XMP boxes (exiftool). */
function jpeg2000WithMetadata(): Uint8Array {
  const [width, height] = [40, 24];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([(x * 6) % 256, (y * 10) % 256, (x * y) % 256], (y * width + x) * 3);
  const ppm = join(WORK, 'picture.ppm');
  const jp2 = join(WORK, 'picture.jp2');
  writeFileSync(ppm, Buffer.concat([Buffer.from(`P6\n${width} ${height}\n255\n`), pixels]));
  execFileSync('opj_compress', ['-i', ppm, '-o', jp2, '-n', '3', '-C', 'CANARY-jpx-comment'], { stdio: 'pipe' });
  execFileSync('exiftool', ['-q', '-overwrite_original', '-XMP-dc:Creator=CANARY-jpx-creator', '-XMP-tiff:Make=CANARY-jpx-make',
    '-GPSLatitude=48.8584', '-GPSLatitudeRef=N', jp2]);
  return new Uint8Array(readFileSync(jp2));
}

function embeddedFile(context: PDFContext, data: Uint8Array, subtype: string, compress: boolean): PDFRef {
  const params = { Size: data.length, CreationDate: lit(DATE), ModDate: lit(DATE), CheckSum: lit('CANARY-md5-checksum') };
  const dict: Record<string, unknown> = { Type: 'EmbeddedFile', Subtype: subtype, Params: params };
  if (compress) dict.Filter = 'FlateDecode';
  return context.register(context.stream(compress ? zlibSync(data) : data, dict as never));
}

function fileSpec(context: PDFContext, fileName: string, file: PDFRef, description: string): PDFRef {
  return context.register(context.obj({ Type: 'Filespec', F: lit(fileName), UF: lit(fileName), Desc: lit(description), EF: { F: file, UF: file } }));
}

const TEXTS = ['The quick brown fox jumps over the lazy dog', 'Pack my box with five dozen liquor jugs', 'Sphinx of black quartz, judge my vow'];

async function buildFull(jpeg: Uint8Array, jpx: Uint8Array): Promise<{ bytes: Uint8Array; freeText: PDFRef; catalog: PDFRef }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { context } = doc;
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = TEXTS.map((text) => {
    const page = doc.addPage([420, 300]);
    page.drawText(text, { x: 30, y: 250, size: 14, font });
    return page;
  });
  const image = await doc.embedJpg(jpeg);
  pages[1]!.drawImage(image, { x: 30, y: 60, width: 144, height: 96 });

  // Page 3: a form XObject with its own private application data.
  const form = context.register(context.stream(new TextEncoder().encode('BT /F1 12 Tf 10 20 Td (Form text stays) Tj ET'), {
    Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 200, 50], Resources: { Font: { F1: font.ref } },
    PieceInfo: { CANARYApp: { Private: lit('CANARY-form-private'), LastModified: lit(DATE) } }, LastModified: lit(DATE),
  } as never));
  pages[2]!.node.setXObject(PDFName.of('Fm1'), form);
  // And a JPEG 2000 image, which pdf-lib cannot embed: a raw image XObject.
  const picture = context.register(context.stream(jpx, { Type: 'XObject', Subtype: 'Image', Width: 40, Height: 24, Filter: 'JPXDecode' } as never));
  pages[2]!.node.setXObject(PDFName.of('Im2'), picture);
  const page3Contents = context.register(context.stream(new TextEncoder().encode('q 1 0 0 1 30 150 cm /Fm1 Do Q q 80 0 0 48 250 100 cm /Im2 Do Q')));
  pages[2]!.node.addContentStream(page3Contents);

  const page1 = pages[0]!;
  const page1Ref = page1.ref;
  const popup = context.nextRef();
  const textNote = context.register(context.obj({
    Type: 'Annot', Subtype: 'Text', Rect: [30, 200, 50, 220], Contents: lit('Please double-check the quarterly figures.'),
    T: lit('CANARY-author-annot'), M: lit(DATE), CreationDate: lit(DATE), NM: lit('CANARY-annot-uuid-0001'), Subj: lit('Comment'), Popup: popup, P: page1Ref,
    RC: lit('<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml" xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/" xfa:APIVersion="CANARY-Acrobat:11.0.0" xfa:spec="2.0.2"><p>Please double-check the quarterly figures.</p></body>'),
  }));
  context.assign(popup, context.obj({ Type: 'Annot', Subtype: 'Popup', Rect: [60, 150, 200, 220], Parent: textNote, T: lit('CANARY-popup-author'), M: lit(DATE), Open: false }));
  const freeText = context.register(context.obj({
    Type: 'Annot', Subtype: 'FreeText', Rect: [200, 200, 400, 230], Contents: lit('Reviewed and approved.'), DA: lit('/Helv 12 Tf 0 g'),
    T: lit('CANARY-old-freetext-author'), M: lit(DATE), CreationDate: lit(DATE),
  }));
  const launch = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [30, 100, 120, 120], Border: [0, 0, 0],
    A: { S: 'Launch', F: lit('C:\\Users\\CANARY-user\\Desktop\\run.bat'), Win: { F: lit('C:\\Users\\CANARY-user\\Desktop\\run.bat'), D: lit('C:\\Users\\CANARY-user\\Desktop') } } });
  const remote = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [130, 100, 220, 120], Border: [0, 0, 0],
    A: { S: 'GoToR', D: [0, 'Fit'], F: { Type: 'Filespec', F: lit('/C/Users/CANARY-user/Documents/report.pdf'), UF: lit('C:\\Users\\CANARY-user\\Documents\\report.pdf') } } });
  const fileUri = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [230, 100, 320, 120], Border: [0, 0, 0], A: { S: 'URI', URI: lit('file:///home/CANARY-user/secret/plan.pdf') } });
  const notes = embeddedFile(context, new TextEncoder().encode('Meeting notes: budget review on Monday.\n'), 'text/plain', true);
  const attachment = context.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [330, 100, 350, 120], Contents: lit('Attached notes'), Name: 'PushPin',
    T: lit('CANARY-attach-author'), M: lit(DATE), FS: fileSpec(context, 'C:\\Users\\CANARY-user\\notes.txt', notes, 'CANARY-description-notes') });

  // A signature field: the widget's /T is the field name and stays; the signature goes.
  const signature = context.register(context.obj({
    Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'adbe.pkcs7.detached', Name: lit('CANARY-signer'), M: lit(DATE), Location: lit('CANARY-location'),
    Reason: lit('CANARY-reason'), ContactInfo: lit('CANARY-contact'), ByteRange: [0, 0, 0, 0], Contents: lit('CANARY-pkcs7'), Prop_Build: { App: { Name: 'CANARY-signing-app' } },
  }));
  const signatureField = context.register(context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: lit('Signature1'), Rect: [0, 0, 0, 0], F: 132, P: page1Ref, V: signature }));

  // An article thread with an information dictionary (§12.4.3).
  const thread = context.nextRef();
  const bead = context.nextRef();
  context.assign(bead, context.obj({ Type: 'Bead', T: thread, N: bead, V: bead, P: page1Ref, R: [30, 240, 400, 270] }));
  context.assign(thread, context.obj({ Type: 'Thread', F: bead, I: { Title: lit('CANARY-thread-title'), Author: lit('CANARY-thread-author'), CreationDate: lit(DATE) } }));

  const thumb = context.register(context.stream(new TextEncoder().encode('CANARY'), { Type: 'XObject', Subtype: 'Image', Width: 6, Height: 1, ColorSpace: 'DeviceGray', BitsPerComponent: 8 } as never));
  const page1Node = page1.node as unknown as PDFDict;
  for (const [key, value] of Object.entries({
    Annots: context.obj([textNote, popup, freeText, context.register(launch), context.register(remote), context.register(fileUri), context.register(attachment), signatureField]),
    Metadata: xmpStream(context, 'page1'), PieceInfo: context.obj({ CANARYApp: { Private: lit('CANARY-page-private'), LastModified: lit(DATE) } }),
    LastModified: lit(DATE), Thumb: thumb, B: context.obj([bead]), CANARYPrivateKey: lit('CANARY-private-value'),
  })) page1Node.set(PDFName.of(key), value as PDFObject);

  const photo = fileSpec(context, 'photo.jpg', embeddedFile(context, jpeg, 'image/jpeg', false), 'CANARY-description-photo');
  const binary = fileSpec(context, 'tool.bin', embeddedFile(context, new Uint8Array([0, 1, 2, 3, ...new TextEncoder().encode('CANARY-binary-payload'), 0, 255]), 'application/octet-stream', false), 'CANARY-description-binary');
  const layer = context.register(context.obj({ Type: 'OCG', Name: lit('Layer 1'),
    Usage: { CreatorInfo: { Creator: lit('CANARY-layer-software'), Subtype: 'Artwork' }, User: { Type: 'Ind', Name: lit('CANARY-layer-user') } } }));

  const catalog = doc.catalog as unknown as PDFDict;
  for (const [key, value] of Object.entries({
    Metadata: xmpStream(context, 'document'),
    PieceInfo: context.obj({ CANARYApp: { Private: lit('CANARY-catalog-private'), LastModified: lit(DATE) } }),
    'AAPL:Keywords': context.obj([lit('CANARY-apple-keyword')]),
    Threads: context.obj([thread]),
    OCProperties: context.obj({ OCGs: [layer], D: { Order: [layer], ON: [layer] } }),
    SpiderInfo: context.obj({ V: 1, C: [{ URL: lit('http://CANARY.example/capture'), TS: lit(DATE) }] }),
    Names: context.obj({
      EmbeddedFiles: { Names: [lit('photo.jpg'), photo, lit('tool.bin'), binary] },
      JavaScript: { Names: [lit('init'), { S: 'JavaScript', JS: lit('app.alert("Hello");') }] },
      IDS: { Names: [lit('0123456789abcdef'), lit('CANARY-web-capture-id')] },
    }),
    // An XFA form's packets (§12.7.8); the xmpmeta packet is XMP, the template is the form.
    AcroForm: context.obj({ Fields: [signatureField], SigFlags: 3, XFA: [
      lit('preamble'), context.register(context.stream('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">')),
      lit('template'), context.register(context.stream('<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1"/></template>')),
      lit('xmpmeta'), xmpStream(context, 'xfa'),
      lit('postamble'), context.register(context.stream('</xdp:xdp>')),
    ] }),
    Perms: context.obj({ DocMDP: signature }),
  })) catalog.set(PDFName.of(key), value as PDFObject);

  await doc.flush();
  // The image XObject's own XMP (§14.3.2: any stream may have /Metadata).
  (context.lookup(image.ref) as unknown as { dict: PDFDict }).dict.set(PDFName.of('Metadata'), xmpStream(context, 'image'));
  context.trailerInfo.Info = context.register(context.obj({
    Title: lit('CANARY-title'), Author: lit('CANARY-old-author'), Subject: lit('CANARY-subject'), Keywords: lit('CANARY-keywords'),
    Creator: lit('CANARY-software-creator'), Producer: lit('CANARY-producer'), CreationDate: lit(DATE), ModDate: lit(DATE),
    Company: lit('CANARY-company'), SourceModified: lit(DATE),
  }));
  context.trailerInfo.ID = context.obj([lit('CANARY-id-1'), lit('CANARY-id-2')]);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes, freeText, catalog: context.trailerInfo.Root as PDFRef };
}

/**
 * Appends an incremental update (§7.5.6) by hand: new and changed objects, an xref section
 * and a trailer with /Prev. The previous Info and annotation stay in the file's bytes.
 */
function appendUpdate(base: Uint8Array, objects: [number, string][], trailer: (size: number) => string, comment = ''): Uint8Array {
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin1(base))![1]);
  let text = comment;
  const offsets: [number, number][] = [];
  for (const [number, body] of objects) {
    offsets.push([number, base.length + Buffer.byteLength(text, 'latin1')]);
    text += `${number} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = base.length + Buffer.byteLength(text, 'latin1');
  text += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [number, offset] of offsets) text += `${number} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
  const size = Math.max(...objects.map(([n]) => n)) + 1;
  text += `trailer\n<< ${trailer(size)} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array([...base, ...Buffer.from(text, 'latin1')]);
}

/** A PDF with object streams and an xref stream, updated by a second xref stream (§7.5.8). */
async function buildObjectStreams(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  doc.addPage([300, 200]).drawText('Compressed objects keep their text', { x: 20, y: 150, size: 12, font });
  const { context } = doc;
  (doc.catalog as unknown as PDFDict).set(PDFName.of('Metadata'), xmpStream(context, 'objstm'));
  context.trailerInfo.Info = context.register(context.obj({ Author: lit('CANARY-objstm-author'), Creator: lit('CANARY-objstm-creator'), CreationDate: lit(DATE) }));
  const base = await doc.save({ useObjectStreams: true, addDefaultPage: false });
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin1(base))![1]);
  const root = context.trailerInfo.Root as PDFRef;
  // pdf-lib numbers its object and xref streams after the document's objects: take the table's /Size.
  const infoNumber = Math.max(...[...latin1(base).matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1])));
  const infoText = `\n${infoNumber} 0 obj\n<< /Author (CANARY-objstm-new-author) /ModDate (D:19991010101010Z) >>\nendobj\n`;
  const infoAt = base.length + 1;
  const xrefAt = base.length + infoText.length;
  const entry = (offset: number) => [1, (offset >>> 24) & 255, (offset >>> 16) & 255, (offset >>> 8) & 255, offset & 255, 0, 0];
  const table = Buffer.from([...entry(infoAt), ...entry(xrefAt)]);
  const head = `${infoNumber + 1} 0 obj\n<< /Type /XRef /Size ${infoNumber + 2} /W [1 4 2] /Index [${infoNumber} 2] /Root ${root.objectNumber} 0 R /Info ${infoNumber} 0 R /Prev ${prev} /Length ${table.length} >>\nstream\n`;
  const tail = `\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(base), Buffer.from(infoText, 'latin1'), Buffer.from(head, 'latin1'), table, Buffer.from(tail, 'latin1')]));
}

async function buildSimple(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Courier);
  for (const text of TEXTS) doc.addPage([300, 200]).drawText(text.slice(0, 30), { x: 20, y: 150, size: 10, font });
  doc.context.trailerInfo.Info = doc.context.register(doc.context.obj({ Title: lit(title), Author: lit('CANARY-simple-author'), Creator: lit('CANARY-simple-creator') }));
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

async function buildBench(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 100; p++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 50; line++) page.drawText(`Page ${p + 1} line ${line + 1}: ${TEXTS[(p + line) % 3]} ${'lorem ipsum '.repeat(3)}`, { x: 30, y: 800 - line * 15, size: 9, font });
    page.node.set(PDFName.of('PieceInfo'), doc.context.obj({ CANARYApp: { Private: lit(`CANARY-${p}`) } }));
  }
  doc.context.trailerInfo.Info = doc.context.register(doc.context.obj({ Author: lit('CANARY-bench-author') }));
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const jpeg = jpegWithExif();
  const full = await buildFull(jpeg, jpeg2000WithMetadata());
  const freeTextUpdate = `<< /Type /Annot /Subtype /FreeText /Rect [200 200 400 230] /Contents (Reviewed and approved, v2.) /DA (/Helv 12 Tf 0 g) /T (CANARY-author-freetext) /M (D:19991010101010Z) >>`;
  const newInfo = `<< /Title (CANARY-title-v2) /Author (CANARY-author-new) /Producer (CANARY-producer-v2) /ModDate (D:19991010101010Z) >>`;
  const infoNumber = 1 + Math.max(...[...latin1(full.bytes).matchAll(/(\d+) 0 obj/g)].map((m) => Number(m[1])));
  const updated = appendUpdate(full.bytes, [[full.freeText.objectNumber, freeTextUpdate], [infoNumber, newInfo]],
    (size) => `/Size ${size} /Root ${full.catalog.objectNumber} 0 R /Info ${infoNumber} 0 R /ID [(CANARY-id-1) (CANARY-id-3)]`, '%CANARY-comment-in-update\n');
  writeFileSync(join(OUT, 'full.pdf'), updated);
  writeFileSync(join(OUT, 'object-streams.pdf'), await buildObjectStreams());

  const simple = join(WORK, 'simple.pdf');
  writeFileSync(simple, await buildSimple('CANARY-simple-title'));
  // qpdf exits 3 for warnings; the outputs are checked by the tests either way.
  const qpdf = (args: string[]) => { try { execFileSync('qpdf', args, { stdio: 'pipe' }); } catch (e) { if ((e as { status?: number }).status !== 3) throw e; } };
  qpdf(['--static-id', '--allow-weak-crypto', '--encrypt', '', 'CANARY-owner-password', '128', '--use-aes=n', '--', simple, join(OUT, 'encrypted.pdf')]);
  qpdf(['--static-id', '--linearize', simple, join(OUT, 'linearized.pdf')]);
  if (process.argv.includes('--bench')) writeFileSync('/tmp/tipline-pdf-100-pages.pdf', await buildBench());
}

await main();
