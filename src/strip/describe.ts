// Human-readable summary of what was removed, for the CLI and (through i18n later) the pages.
import type { Removal, RemovalCategory } from './types.ts';

const CATEGORY_LABELS: Record<RemovalCategory, string> = {
  location: 'location',
  device: 'device details',
  author: 'author names',
  software: 'software names',
  dates: 'dates',
  thumbnails: 'thumbnails',
  comments: 'comments',
  history: 'edit history',
  paths: 'file paths',
  identifiers: 'unique identifiers',
  other: 'other metadata',
};

/** "location, device details, dates" in a stable order; "nothing" when the list is empty. */
export function describeRemovals(removed: Removal[]): string {
  const categories = new Set(removed.map((r) => r.category));
  const labels = (Object.keys(CATEGORY_LABELS) as RemovalCategory[]).filter((c) => categories.has(c)).map((c) => CATEGORY_LABELS[c]);
  return labels.length ? labels.join(', ') : 'nothing';
}
