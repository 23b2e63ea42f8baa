// The element and attribute names SVG defines, so that the stripper keeps only those: an editor's
// data under a name of its own, or under a known name damaged into an unknown one (a namespace
// prefix whose colon became another character leaves "inkscape8label" in no namespace), goes.
// From SVG 1.1 Second Edition's "Element Index", "Attribute Index" and "Property Index"
// (presentation attributes) appendices; SVG 2's "Element Index" and "Attribute Index" (and the
// CSS properties it makes presentation attributes); SVG Tiny 1.2; and the SVG 1.2 flowed-text
// elements Inkscape still writes (flowRoot...), whose text is the drawing's.
// Unknown elements are not drawn (SVG 1.1 §23.1), unknown attributes are ignored.

const ELEMENTS = `a altGlyph altGlyphDef altGlyphItem animate animateColor animateMotion animateTransform circle clipPath
  color-profile cursor defs desc ellipse feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
  feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
  feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence filter
  font font-face font-face-format font-face-name font-face-src font-face-uri foreignObject g glyph glyphRef hkern image
  line linearGradient marker mask missing-glyph mpath path pattern polygon polyline radialGradient rect script set stop
  style svg switch symbol text textPath title tref tspan use view vkern
  hatch hatchpath mesh meshgradient meshpatch meshrow solidcolor discard unknown
  animation audio video handler listener prefetch solidColor tbreak textArea
  flowRoot flowRegion flowRegionExclude flowPara flowSpan flowDiv flowLine flowRef`;

/** Character data is drawn (or read out) only inside these; elsewhere it is not part of the picture. */
const TEXT_ELEMENTS = `a altGlyph desc flowDiv flowLine flowPara flowRoot flowSpan foreignObject script style text textArea textPath title
  tref tspan`;

const ATTRIBUTES = `accent-height accumulate additive alphabetic amplitude arabic-form ascent attributeName attributeType azimuth
  baseFrequency baseProfile bbox begin bias by calcMode cap-height class clipPathUnits contentScriptType contentStyleType
  cx cy d descent diffuseConstant divisor dur dx dy edgeMode elevation end exponent externalResourcesRequired filterRes
  filterUnits format from fr fx fy g1 g2 glyph-name glyphRef gradientTransform gradientUnits hanging height horiz-adv-x
  horiz-origin-x horiz-origin-y href id ideographic in in2 intercept k k1 k2 k3 k4 kernelMatrix kernelUnitLength keyPoints
  keySplines keyTimes lang lengthAdjust limitingConeAngle local markerHeight markerUnits markerWidth maskContentUnits
  maskUnits mathematical max media method min mode name numOctaves offset operator order orient orientation origin
  overline-position overline-thickness panose-1 path pathLength patternContentUnits patternTransform patternUnits points
  pointsAtX pointsAtY pointsAtZ preserveAlpha preserveAspectRatio primitiveUnits r radius refX refY rendering-intent
  repeatCount repeatDur requiredExtensions requiredFeatures restart result rotate rx ry scale seed slope spacing
  specularConstant specularExponent spreadMethod src startOffset stdDeviation stemh stemv stitchTiles
  strikethrough-position strikethrough-thickness string style surfaceScale systemLanguage tableValues target targetX
  targetY textLength title to transform type u1 u2 underline-position underline-thickness unicode unicode-range
  units-per-em v-alphabetic v-hanging v-ideographic v-mathematical values version vert-adv-y vert-origin-x vert-origin-y
  viewBox viewTarget width widths x x-height x1 x2 xChannelSelector y y1 y2 yChannelSelector z zoomAndPan
  alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation color-interpolation-filters
  color-profile color-rendering cursor direction display dominant-baseline enable-background fill fill-opacity fill-rule filter
  flood-color flood-opacity font font-family font-size font-size-adjust font-stretch font-style font-variant font-weight
  glyph-orientation-horizontal glyph-orientation-vertical image-rendering kerning letter-spacing lighting-color marker
  marker-end marker-mid marker-start mask opacity overflow pointer-events shape-rendering stop-color stop-opacity stroke
  stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width
  text-anchor text-decoration text-rendering unicode-bidi visibility word-spacing writing-mode
  autofocus crossorigin download hatchContentUnits hatchUnits hreflang inline-size isolation mask-type mix-blend-mode
  nonce paint-order pitch ping playbackorder referrerpolicy rel role shape-inside shape-margin shape-padding
  shape-subtract side solid-color solid-opacity tabindex text-overflow timelineBegin transform-box transform-origin
  vector-effect white-space font-kerning font-feature-settings font-variant-caps font-variant-east-asian
  font-variant-ligatures font-variant-numeric font-variant-position line-height text-decoration-line
  text-decoration-style text-decoration-color text-orientation
  audio-level buffered-rendering display-align editable focusable focusHighlight line-increment nav-down nav-down-left
  nav-down-right nav-left nav-next nav-prev nav-right nav-up nav-up-left nav-up-right
  snapshotTime syncBehavior syncBehaviorDefault syncMaster syncTolerance syncToleranceDefault text-align
  transformBehavior viewport-fill viewport-fill-opacity`;

const toSet = (names: string) => new Set(names.split(/\s+/).filter(Boolean));
const ELEMENT_NAMES = toSet(ELEMENTS);
const TEXT_ELEMENT_NAMES = toSet(TEXT_ELEMENTS);
const ATTRIBUTE_NAMES = toSet(ATTRIBUTES);

export function isSvgElementName(localName: string): boolean {
  return ELEMENT_NAMES.has(localName);
}

export function holdsText(localName: string): boolean {
  return TEXT_ELEMENT_NAMES.has(localName);
}

/**
 * An SVG attribute: the names above, accessibility attributes (WAI-ARIA aria-*) and event
 * handlers (on...: script is the drawing's behaviour). Not data-*: HTML's "custom data private
 * to the page or application", which is just what editors keep there.
 */
export function isSvgAttributeName(localName: string): boolean {
  return ATTRIBUTE_NAMES.has(localName) || /^aria-[a-z]+$/.test(localName) || /^on[a-z]+$/.test(localName);
}
