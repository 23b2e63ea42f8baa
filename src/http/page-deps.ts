// What the source pages are built from: the domain context, the flood gates and the settings.
import type { DomainContext } from '../domain/context.ts';
import type { NewsroomConfig } from '../web/pages/context.ts';
import type { FormSlots } from './form-slots.ts';
import type { IntakeGate } from './intake-gate.ts';

export interface PageSettings {
  newsroom: NewsroomConfig;
  /** Characters a first message needs (TIPLINE_MIN_MESSAGE_CHARS). */
  minMessageChars: number;
  /** Cap on a multipart form body, checked before it is parsed (TIPLINE_FORM_MAX_BYTES). */
  formMaxBytes: number;
}

export interface PageDeps {
  ctx: DomainContext;
  /** Submissions, shared with the JSON API: a flood is a flood whichever way it comes. */
  gate: IntakeGate;
  /** Server-side key derivations on /return: each costs 32 MiB and real CPU time. */
  loginGate: IntakeGate;
  /** Multipart submissions (first tips and follow-ups) being processed at once. */
  formSlots: FormSlots;
  settings: PageSettings;
}

export const DEFAULT_NEWSROOM: NewsroomConfig = { name: 'Tipline', intro: '' };
export const DEFAULT_FORM_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MIN_MESSAGE_CHARS = 20;
