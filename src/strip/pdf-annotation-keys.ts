// The keys an annotation (ISO 32000-1 §12.5) and an action (§12.6) may have, per type, in the
// notation of pdf-known-keys.ts (`*`: may hold a string). Table numbers are ISO 32000-1:2008's;
// "2.0" marks keys ISO 32000-2:2020 added. The author (/T), dates and unique name (/NM) are
// listed because pdf-annotations.ts removes them itself where they are metadata (on a widget,
// /T is the form field's name and stays).
import type { PDFName } from 'pdf-lib';
import { known, type KnownKeys } from './pdf-known-keys.ts';

/** Table 164, with 2.0's AF, ca, CA, BM and Lang. */
const COMMON = 'Type Subtype Rect Contents* P NM* M* F AP AS Border C StructParent OC AF ca CA BM Lang*';
/** Table 170: markup annotations (those marked "Yes" in Table 169). */
const MARKUP = 'T* Popup CA RC* CreationDate* IRT Subj* RT IT ExData';
/** Tables 220 (all fields), 222 (variable text), 227 and 231 (buttons, choices), 229 (text), 232 (signatures). */
const FIELD = 'FT Parent Kids T* TU* TM* Ff V* DV* AA DA* Q DS* RV* Opt TI I MaxLen Lock SV';

const SUBTYPE_KEYS: Record<string, [markup: boolean, keys: string]> = {
  Text: [true, 'Open Name State* StateModel*'], // Table 172
  Link: [false, 'A Dest* H PA QuadPoints BS'], // Table 173
  FreeText: [true, 'DA* Q RC* DS* CL IT BE RD BS LE'], // Table 174
  Line: [true, 'L BS LE IC LL LLE Cap IT LLO CP Measure CO'], // Table 175
  Square: [true, 'BS IC BE RD'], // Table 177
  Circle: [true, 'BS IC BE RD'],
  Polygon: [true, 'Vertices LE BS IC BE IT Measure Path'], // Table 178, 2.0 Path
  PolyLine: [true, 'Vertices LE BS IC BE IT Measure Path'],
  Highlight: [true, 'QuadPoints'], // Table 179
  Underline: [true, 'QuadPoints'],
  Squiggly: [true, 'QuadPoints'],
  StrikeOut: [true, 'QuadPoints'],
  Caret: [true, 'RD Sy'], // Table 180
  Stamp: [true, 'Name'], // Table 181
  Ink: [true, 'InkList BS Path'], // Table 182, 2.0 Path
  Popup: [false, 'Parent Open'], // Table 183
  FileAttachment: [true, 'FS* Name'], // Table 184
  Sound: [true, 'Sound Name'], // Table 185
  Movie: [false, 'T* Movie A'], // Table 186
  Screen: [false, 'T* MK A AA'], // Table 187
  Widget: [false, `H MK A AA BS Parent ${FIELD}`], // Table 188, merged with its field (§12.7.3.1)
  PrinterMark: [false, 'MN'], // Table 362
  TrapNet: [false, 'Version AnnotStates FontFauxing'], // Table 366 (its LastModified goes)
  Watermark: [false, 'FixedPrint'], // Table 190
  '3D': [false, '3DD 3DV* 3DA 3DI 3DB 3DU'], // Table 298, 2.0 3DU
  Redact: [true, 'QuadPoints IC RO OverlayText* Repeat DA* Q'], // Table 192
  RichMedia: [false, 'RichMediaContent RichMediaSettings'], // 2.0 §13.7.2
  Projection: [true, ''], // 2.0 §12.5.6.24
};

/** §12.5.6.1 Table 169 (and PDF 2.0's additions): every annotation subtype the specification defines. */
export const ANNOTATION_SUBTYPES: readonly string[] = Object.keys(SUBTYPE_KEYS);

const ANNOTATION_KEYS = new Map<string, KnownKeys>(
  Object.entries(SUBTYPE_KEYS).map(([subtype, [markup, keys]]) => [subtype, known(COMMON, markup ? MARKUP : '', keys)]),
);
/** An annotation of a type the specification does not define: the common and markup keys. */
const OTHER_ANNOTATION_KEYS = known(COMMON, MARKUP);

export function annotationKeys(subtype: PDFName | undefined): KnownKeys {
  return (subtype && ANNOTATION_KEYS.get(subtype.decodeText())) || OTHER_ANNOTATION_KEYS;
}

/** Table 193: entries common to all actions. */
const ACTION = 'Type S Next';
const ACTION_TYPE_KEYS: Record<string, string> = {
  GoTo: 'D* SD', // Table 199, 2.0 SD
  GoToR: 'F* D* NewWindow SD', // Table 200
  GoToE: 'F* D* NewWindow T', // Table 201
  GoToDp: 'Dp', // 2.0 §12.6.4.4
  Launch: 'F* Win Mac Unix NewWindow', // Table 203
  Thread: 'F* D* B', // Table 205
  URI: 'URI* IsMap', // Table 206
  Sound: 'Sound Volume Synchronous Repeat Mix', // Table 208
  Movie: 'Annotation T* Operation', // Table 209
  Hide: 'T* H', // Table 210
  Named: 'N', // Table 212
  SetOCGState: 'State PreserveRB', // Table 213
  Rendition: 'R AN OP JS*', // Table 214
  Trans: 'Trans', // Table 215
  GoTo3DView: 'TA V*', // Table 216
  JavaScript: 'JS*', // Table 217
  SubmitForm: 'F* Fields Flags CharSet', // Table 236, 2.0 CharSet
  ResetForm: 'Fields Flags', // Table 238
  ImportData: 'F*', // Table 240
  RichMediaExecute: 'TA TI CMD', // 2.0 §13.7.3
};
const ACTION_KEYS = new Map<string, KnownKeys>(Object.entries(ACTION_TYPE_KEYS).map(([type, keys]) => [type, known(ACTION, keys)]));

/** The keys of an action of type `type`; undefined for a type the specification does not define. */
export function actionKeys(type: PDFName | undefined): KnownKeys | undefined {
  return type ? ACTION_KEYS.get(type.decodeText()) : undefined;
}

/** Table 204: Windows launch parameters, less the default directory D (a path on the sender's disk). */
export const WINDOWS_LAUNCH_KEYS = known('F* O* P*');
