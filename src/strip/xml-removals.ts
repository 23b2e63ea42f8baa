// The list of what a stripper removed, built up as it goes. Each rule reports only what it
// actually changed, so a second pass over a cleaned file reports nothing (idempotence).
import { mergeRemovals } from './source.ts';
import type { Removal, RemovalCategory } from './types.ts';

export class RemovalLog {
  private readonly entries: Removal[] = [];

  add(category: RemovalCategory, field: string, count = 1): void {
    if (count > 0) this.entries.push({ category, field, count });
  }

  addAll(removals: readonly Removal[]): void {
    for (const r of removals) this.add(r.category, r.field, r.count ?? 1);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  list(): Removal[] {
    return mergeRemovals(this.entries);
  }
}
