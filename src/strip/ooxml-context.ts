// What the element rules know about the part they are cleaning.
import type { RemovalLog } from './xml-removals.ts';

export interface PartContext {
  /** Part name as stored in the ZIP ("word/document.xml"). */
  name: string;
  log: RemovalLog;
  /** Relationship ids this part's relationship part lost: attributes naming them must go. */
  removedRelationshipIds: ReadonlySet<string>;
  /** Comment authors' names as found in this part, before they were neutralised. */
  authorNames: string[];
}

/** The neutral values that replace names and initials (their attributes are required). */
export const NEUTRAL_AUTHOR = 'Author';
export const NEUTRAL_INITIALS = 'A';
/** For the few date attributes a schema requires: the same fixed date as the ZIP timestamps. */
export const NEUTRAL_DATE = '1980-01-01T00:00:00Z';
