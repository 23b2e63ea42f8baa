// Builds the SVG fixtures for tests/strip/svg.test.ts, deterministically:
//   npx tsx scripts/strip-fixtures/svg.ts
// As Inkscape, Illustrator and Sketch write them, with "CANARY" in every metadata field set.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canaryJpeg, canaryPng } from './office.ts';

const OUT = fileURLToPath(new URL('../../tests/fixtures/strip/svg/', import.meta.url));
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
/** Inkscape wraps long data URIs over lines; the decoder must cope. */
const wrapped = (text: string) => text.replace(/(.{76})/g, '$1\n');

const inkscape = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) by CANARY-author-comment -->

<svg
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   width="210mm"
   height="297mm"
   viewBox="0 0 210 297"
   version="1.1"
   id="svg8"
   inkscape:version="1.0.2 (CANARY-software e86c870879, 2021-01-15)"
   sodipodi:docname="CANARY-drawing.svg"
   sodipodi:docbase="/home/CANARY-user/Drawings"
   inkscape:export-filename="/home/CANARY-user/Pictures/CANARY-export.png"
   inkscape:export-xdpi="96"
   inkscape:export-ydpi="96">
  <title id="title1">Route of the march</title>
  <desc id="desc1">A map with the route drawn in red</desc>
  <defs id="defs2">
    <linearGradient id="gradient1"><stop offset="0" style="stop-color:#ff0000;stop-opacity:1" /></linearGradient>
    <inkscape:path-effect effect="spiro" id="path-effect1" is_visible="true" lpeversion="CANARY-lpe" />
  </defs>
  <sodipodi:namedview
     id="base"
     pagecolor="#ffffff"
     inkscape:zoom="0.35"
     inkscape:document-units="mm"
     inkscape:current-layer="layer1"
     inkscape:window-width="1920"
     inkscape:window-height="1016"
     inkscape:window-x="CANARY-window"
     showgrid="false" />
  <metadata id="metadata5">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <dc:title>CANARY-title</dc:title>
        <dc:creator><cc:Agent><dc:title>CANARY-author</dc:title></cc:Agent></dc:creator>
        <dc:rights><cc:Agent><dc:title>CANARY-rights</dc:title></cc:Agent></dc:rights>
        <dc:date>2019-05-01</dc:date>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <style id="style1">.background { fill: url(#gradient1); } .photo { background-image: url("file:///C:/Users/CANARY-user/Pictures/bg.png"); }</style>
  <g inkscape:label="CANARY-layer" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#gradient1);stroke:#000000" id="rect10" width="100" height="50" x="10" y="10" sodipodi:insensitive="true" />
    <path d="M 10,100 C 40,80 80,120 120,100" style="fill:none;stroke:#ff0000" id="path12" inkscape:path-effect="#path-effect1" inkscape:original-d="M 10,100 120,100" />
    <text x="10" y="200" id="text14" xml:space="preserve"><tspan sodipodi:role="line" id="tspan16" x="10" y="200">The quick brown fox</tspan></text>
    <image width="20" height="20" x="150" y="10" id="image18" preserveAspectRatio="none" xlink:href="data:image/jpeg;base64,${wrapped(base64(canaryJpeg('svg')))}" />
    <image width="20" height="20" x="150" y="40" id="image20" href="data:image/png;name=CANARY-photo.png;base64,${base64(canaryPng('svg'))}" />
    <image width="20" height="20" x="150" y="70" id="image22" xlink:href="file:///home/CANARY-user/Pictures/linked.png" sodipodi:absref="/home/CANARY-user/Pictures/linked.png" />
    <rect width="20" height="20" x="150" y="100" id="rect24" style="fill:url(&quot;C:\\Users\\CANARY-user\\pattern.svg#p&quot;)" />
    <use xlink:href="#rect10" x="0" y="60" id="use26" />
    <a href="https://example.org/route" id="a28"><text x="10" y="250" id="text30">source</text></a>
  </g>
</svg>
`;

const illustrator = `<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 24.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0) CANARY-generator  -->
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
	 xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" xmlns:x="http://ns.adobe.com/Extensibility/1.0/" xmlns:graph="http://ns.adobe.com/Graphs/1.0/"
	 x="0px" y="0px" viewBox="0 0 100 100" style="enable-background:new 0 0 100 100;" xml:space="preserve" i:viewOrigin="CANARY-origin">
<switch>
	<foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0" y="0" width="1" height="1">
		<i:pgfRef xlink:href="#adobe_illustrator_pgf"/>
	</foreignObject>
	<g i:extraneous="self">
		<circle cx="50" cy="50" r="40" fill="#0000FF"/>
		<text transform="matrix(1 0 0 1 20 55)">The quick brown fox</text>
	</g>
</switch>
<i:pgf id="adobe_illustrator_pgf">
	<![CDATA[CANARY-private-illustrator-data C:\\Users\\CANARY-user\\Documents\\original.ai]]>
</i:pgf>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="CANARY-tool"/></rdf:RDF></x:xmpmeta>
</svg>
`;

const sketch = `<?xml version="1.0" encoding="UTF-8"?>
<svg width="100px" height="40px" viewBox="0 0 100 40" version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:sketch="http://www.bohemiancoding.com/sketch/ns">
    <!-- Generator: Sketch 52.5 (67469) - http://www.bohemiancoding.com/sketch CANARY-sketch -->
    <title>Artboard</title>
    <desc>Created with CANARY-Sketch.</desc>
    <g id="Page-1" stroke="none" fill="none" sketch:type="MSPage">
        <text id="label" font-size="12" fill="#000"><tspan x="2" y="20">The quick brown fox</tspan></text>
    </g>
</svg>
`;

/** Entity expansion (XML 1.0 §4.2): must be refused, never expanded. */
const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>
`;

/** Illustrator's older exports declare their namespaces as entities: refused too. */
const illustratorEntities = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
]>
<svg version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:i="&ns_ai;"><circle cx="5" cy="5" r="4"/></svg>
`;

const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(100)}<circle r="1"/>${'</g>'.repeat(100)}</svg>\n`;

/** A data: image that is not an image at all: it cannot be cleaned, so it must go. */
const opaqueData = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image width="1" height="1" xlink:href="data:application/octet-stream;base64,${base64(new TextEncoder().encode('\u0000\u0001CANARY-opaque-payload\u0002'))}"/><text>The quick brown fox</text></svg>\n`;

export function writeSvgFixtures(): void {
  mkdirSync(OUT, { recursive: true });
  const fixtures: Record<string, string> = {
    'inkscape.svg': inkscape,
    'illustrator.svg': illustrator,
    'sketch.svg': sketch,
    'opaque-data.svg': opaqueData,
    'billion-laughs.svg': billionLaughs,
    'illustrator-entities.svg': illustratorEntities,
    'deep.svg': deep,
  };
  for (const [name, text] of Object.entries(fixtures)) writeFileSync(join(OUT, name), text);
  console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${OUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeSvgFixtures();
