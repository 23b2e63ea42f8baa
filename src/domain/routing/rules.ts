// Routing rules as values: what a rule matches on, and which desk a new tip goes to. Pure
// functions only (no database), so that the intake, the source API's GET /route and the admin
// API all decide the same way.
import { DomainError } from '../errors.ts';
import { isLocale } from '../locales.ts';

/**
 * What a rule asks of a new tip; every field present must equal what the source chose, and a
 * rule without fields matches every tip (a catch-all at the end of the list). `desk` is the slug
 * of the desk the source chose (sources only ever see slugs).
 */
export interface RouteMatch {
  desk?: string;
  topic?: string;
  language?: string;
  hasFiles?: boolean;
  urgent?: boolean;
}

/** What the source chose on the form (or sent to the API), as routing sees it. */
export interface RouteFacts {
  /** The slug of the desk the source picked. */
  desk: string;
  topic: string | null;
  language: string | null;
  hasFiles: boolean;
  urgent: boolean;
}

/** A stored rule, with its target desk resolved to the slug sources know. */
export interface LoadedRule {
  id: string;
  position: number;
  match: RouteMatch;
  targetDeskId: string;
  targetSlug: string;
}

export const MAX_RULES = 200;
export const MAX_TOPIC_CHARS = 80;

export function ruleMatches(match: RouteMatch, facts: RouteFacts): boolean {
  return (match.desk === undefined || match.desk === facts.desk)
    && (match.topic === undefined || match.topic === facts.topic)
    && (match.language === undefined || match.language === facts.language)
    && (match.hasFiles === undefined || match.hasFiles === facts.hasFiles)
    && (match.urgent === undefined || match.urgent === facts.urgent);
}

/** The slug of the desk a tip with these facts goes to: the first matching rule's, else the chosen one. */
export function routedSlug(rules: readonly LoadedRule[], facts: RouteFacts): string {
  return rules.find((rule) => ruleMatches(rule.match, facts))?.targetSlug ?? facts.desk;
}

/**
 * The topics offered to sources: every topic a rule names, in rule order, once each. Topics
 * exist only through rules, so a topic can never be stored that no rule could act on.
 */
export function topicsOf(rules: readonly { match: RouteMatch }[]): string[] {
  return [...new Set(rules.flatMap((rule) => (rule.match.topic === undefined ? [] : [rule.match.topic])))];
}

/** A topic is kept on a tip only if it is one of the offered ones: sources cannot store free text here. */
export function knownTopic(rules: readonly { match: RouteMatch }[], topic: string | null | undefined): string | null {
  if (!topic) return null;
  return rules.some((rule) => rule.match.topic === topic) ? topic : null;
}

/**
 * The canonical stored form of a match: only the fields given, topics trimmed, languages known.
 * Throws invalid_input; desk slugs are checked against the database by the caller.
 */
export function normaliseMatch(match: RouteMatch): RouteMatch {
  const out: RouteMatch = {};
  if (match.desk !== undefined) out.desk = match.desk;
  if (match.topic !== undefined) {
    const topic = match.topic.trim();
    if (topic.length === 0 || [...topic].length > MAX_TOPIC_CHARS) throw new DomainError('invalid_input', `a topic is 1-${MAX_TOPIC_CHARS} characters`);
    out.topic = topic;
  }
  if (match.language !== undefined) {
    if (!isLocale(match.language)) throw new DomainError('invalid_input', `unknown language ${match.language}`);
    out.language = match.language;
  }
  if (match.hasFiles !== undefined) out.hasFiles = match.hasFiles;
  if (match.urgent !== undefined) out.urgent = match.urgent;
  return out;
}

/** A stored match (JSON text written by normaliseMatch); anything unexpected is dropped, never trusted. */
export function parseStoredMatch(text: string): RouteMatch {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const out: RouteMatch = {};
  if (typeof raw.desk === 'string') out.desk = raw.desk;
  if (typeof raw.topic === 'string') out.topic = raw.topic;
  if (typeof raw.language === 'string') out.language = raw.language;
  if (typeof raw.hasFiles === 'boolean') out.hasFiles = raw.hasFiles;
  if (typeof raw.urgent === 'boolean') out.urgent = raw.urgent;
  return out;
}
