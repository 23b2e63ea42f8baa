// Routing a new tip: the source (their browser, the CLI, or the server for a form without
// JavaScript) seals the tip key to one desk; the rules decide which desk that must be. The
// server cannot re-seal (it never holds the tip key), so a tip sealed to the wrong desk is
// refused with `rerouted`, naming the desk and its current key, and the client seals again.
import type { DomainContext } from '../context.ts';
import type { PublicDesk } from '../desks.ts';
import { DomainError } from '../errors.ts';
import { isLocale } from '../locales.ts';
import { knownTopic, routedSlug, topicsOf, type LoadedRule, type RouteFacts } from './rules.ts';
import { routeReader, type RouteReader } from './store.ts';

/** What a source may tell intake about their tip (all optional; JSON API and forms alike). */
export interface RouteRequest {
  /** The slug of the desk the source chose; by default the desk the tip is sealed to. */
  chosenDesk?: string;
  topic?: string;
  urgent?: boolean;
  /** Whether files will follow (they are uploaded after the tip exists). */
  hasFiles?: boolean;
  /** The language of the source's pages; used for routing, never stored. */
  language?: string;
}

/** What is kept on the tip row of what the source chose. */
export interface RoutedFields {
  urgent: boolean;
  topic: string | null;
}

function factsOf(rules: readonly LoadedRule[], chosenDesk: string, request: RouteRequest): RouteFacts {
  return {
    desk: chosenDesk,
    // A topic no rule names is no topic: nothing a source types is stored or matched on.
    topic: knownTopic(rules, request.topic),
    language: request.language !== undefined && isLocale(request.language) ? request.language : null,
    hasFiles: request.hasFiles === true,
    urgent: request.urgent === true,
  };
}

/**
 * Inside intake's transaction, once the desk the tip is sealed to is known: throws `rerouted`
 * when the rules send this tip elsewhere, else returns what to store on the tip.
 */
export async function checkRoute(reader: RouteReader, sealedTo: PublicDesk, request: RouteRequest = {}): Promise<RoutedFields> {
  const rules = await reader.rules();
  const facts = factsOf(rules, request.chosenDesk ?? sealedTo.slug, request);
  const target = routedSlug(rules, facts);
  if (target !== sealedTo.slug) {
    const desk = await reader.desk(target);
    if (!desk) throw new DomainError('unknown_desk', `there is no desk ${target}`);
    throw new DomainError('rerouted', 'tips like this one go to another desk; seal the tip key to its key and resubmit', {
      desk: desk.slug, currentKey: { version: desk.keyVersion, publicKey: desk.publicKey },
    });
  }
  return { urgent: facts.urgent, topic: facts.topic };
}

/** A follow-up goes to its conversation's desk whatever the rules say, and carries no topic. */
export function followUpFields(request: RouteRequest = {}): RoutedFields {
  return { urgent: request.urgent === true, topic: null };
}

/** GET /api/v1/route, and the no-JavaScript form before it seals: the desk (with its current key) a tip with these choices must be sealed to. */
export async function resolveRoute({ ctx, input }: { ctx: DomainContext; input: RouteRequest & { chosenDesk: string } }): Promise<PublicDesk> {
  const reader = routeReader(ctx.db.read);
  const rules = await reader.rules();
  const target = routedSlug(rules, factsOf(rules, input.chosenDesk, input));
  const desk = await reader.desk(target);
  if (!desk) throw new DomainError('unknown_desk', `there is no desk ${target}`);
  return desk;
}

/** GET /api/v1/topics, and the topic choice on the submission form. */
export async function listTopics({ ctx }: { ctx: DomainContext }): Promise<string[]> {
  return topicsOf(await routeReader(ctx.db.read).rules());
}
