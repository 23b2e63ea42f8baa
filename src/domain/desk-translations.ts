// A desk's name and description per language (`desks.translations`, JSON
// `{"ko": {"name": "...", "description": "..."}}`): what a source reading Korean or Chinese sees
// on the start page and the form. Whatever is not translated falls back to the desk's own name
// and description, so a half-translated desk still shows something.
import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { desks } from '../db/schema.ts';
import { appendAudit, type AuditActor } from './audit.ts';
import type { DomainContext } from './context.ts';
import { MAX_DESK_DESCRIPTION, MAX_DESK_NAME } from './desks.ts';
import { DomainError } from './errors.ts';
import { isLocale, LOCALES, type Locale } from './locales.ts';

export interface DeskTexts {
  name?: string;
  description?: string;
}

export interface SetDeskTranslationsInput {
  slug: string;
  locale: string;
  /** The name in `locale`; an empty string removes it (the default name shows again). */
  name?: string;
  /** The description in `locale`; an empty string removes it. */
  description?: string;
  actor: AuditActor;
}

/**
 * Sets (or, with an empty string, removes) a desk's name and/or description in one language.
 * Returns what the desk now says in that language. Audited as `desk.translated`, naming the
 * language and the fields changed.
 */
export async function setDeskTranslations({ ctx, input }: { ctx: DomainContext; input: SetDeskTranslationsInput }) {
  const { locale } = input;
  if (!isLocale(locale)) throw new DomainError('invalid_input', `a language is one of ${LOCALES.join(', ')}`);
  const name = input.name?.trim();
  const description = input.description?.trim();
  if (name === undefined && description === undefined) throw new DomainError('invalid_input', 'give a name, a description or both');
  if (name !== undefined && name.length > MAX_DESK_NAME) throw new DomainError('invalid_input', `a desk name is at most ${MAX_DESK_NAME} characters`);
  if (description !== undefined && description.length > MAX_DESK_DESCRIPTION) {
    throw new DomainError('invalid_input', `a desk description is at most ${MAX_DESK_DESCRIPTION} characters`);
  }

  return ctx.db.write(async (tx) => {
    const [desk] = await tx.select({ id: desks.id, translations: desks.translations }).from(desks).where(eq(desks.slug, input.slug)).limit(1);
    if (!desk) throw new DomainError('unknown_desk', `there is no desk named ${input.slug}`);
    const all = parseColumn(desk.translations);
    const texts: DeskTexts = textsOf(all[locale]);
    for (const [field, value] of [['name', name], ['description', description]] as const) {
      if (value === undefined) continue;
      if (value) texts[field] = value;
      else delete texts[field];
    }
    if (texts.name || texts.description) all[locale] = texts;
    else delete all[locale];
    await tx.update(desks).set({ translations: JSON.stringify(all) }).where(eq(desks.id, desk.id));
    const fields = [name === undefined ? null : 'name', description === undefined ? null : 'description'].filter((f) => f !== null);
    await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'desk.translated', subject: desk.id, details: { slug: input.slug, locale, fields } });
    return { slug: input.slug, locale, ...texts };
  });
}

/**
 * The desks as a reader of `locale` sees them: name and description translated where a
 * translation exists, the desk's own otherwise. One query for the whole list.
 */
export async function localiseDesks<T extends { slug: string; name: string; description?: string }>(
  db: Queryable, list: readonly T[], locale: Locale,
): Promise<T[]> {
  if (list.length === 0) return [];
  const rows = await db.select({ slug: desks.slug, translations: desks.translations }).from(desks).where(inArray(desks.slug, list.map((d) => d.slug)));
  const bySlug = new Map(rows.map((row) => [row.slug, textsOf(parseColumn(row.translations)[locale])]));
  return list.map((desk) => {
    const texts = bySlug.get(desk.slug);
    if (!texts) return desk;
    return {
      ...desk,
      name: texts.name || desk.name,
      ...(desk.description === undefined ? {} : { description: texts.description || desk.description }),
    };
  });
}

/** One desk, as localiseDesks; undefined stays undefined (an unknown desk). */
export async function localiseDesk<T extends { slug: string; name: string; description?: string }>(
  db: Queryable, desk: T | undefined, locale: Locale,
): Promise<T | undefined> {
  return desk ? (await localiseDesks(db, [desk], locale))[0] : undefined;
}

/**
 * The column as an object keyed by language. Languages this version does not know are kept as
 * they are (a newer version may have written them); anything unreadable counts as empty.
 */
function parseColumn(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function textsOf(value: unknown): DeskTexts {
  if (value === null || typeof value !== 'object') return {};
  const { name, description } = value as Record<string, unknown>;
  return {
    ...(typeof name === 'string' && name ? { name } : {}),
    ...(typeof description === 'string' && description ? { description } : {}),
  };
}
