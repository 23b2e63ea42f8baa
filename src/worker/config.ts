// The app's configuration from the Worker's [vars], with the names, defaults and checks of the
// Node server's environment (src/node.ts, README): one set of knobs, whichever runtime.
import type { AppConfig } from '../app.ts';
import { UNFINISHED_UPLOAD_DAYS } from '../domain/retention.ts';
import { DEFAULT_FORM_SLOTS } from '../http/form-slots.ts';
import { DEFAULT_INTAKE_LIMITS } from '../http/intake-gate.ts';
import { DEFAULT_FORM_MAX_BYTES, DEFAULT_MIN_MESSAGE_CHARS, DEFAULT_NEWSROOM } from '../http/page-deps.ts';
import type { Env } from './env.ts';

type Vars = Partial<Record<keyof Env, unknown>>;

/** A whole number ≥ `min` from a var, or the default; anything else is a configuration error. */
function wholeNumber(vars: Vars, name: keyof Env, fallback: number, min = 1): number {
  const raw = vars[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return value;
}

function text(vars: Vars, name: keyof Env): string | undefined {
  const raw = vars[name];
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

export function configFromVars(vars: Vars): AppConfig {
  const logoPath = text(vars, 'TIPLINE_NEWSROOM_LOGO');
  if (logoPath && !/^\/(?!\/)/.test(logoPath)) throw new Error('TIPLINE_NEWSROOM_LOGO must be a path on this site, like /static/logo.svg');
  const onionAddress = text(vars, 'TIPLINE_ONION_ADDRESS');
  return {
    accessLog: vars.TIPLINE_ACCESS_LOG === '1',
    intake: {
      globalPerMinute: wholeNumber(vars, 'TIPLINE_INTAKE_PER_MINUTE', DEFAULT_INTAKE_LIMITS.globalPerMinute),
      perDeskPerMinute: wholeNumber(vars, 'TIPLINE_DESK_INTAKE_PER_MINUTE', DEFAULT_INTAKE_LIMITS.perDeskPerMinute),
      powDifficulty: wholeNumber(vars, 'TIPLINE_POW_DIFFICULTY', DEFAULT_INTAKE_LIMITS.powDifficulty, 0),
    },
    newsroom: {
      name: text(vars, 'TIPLINE_NEWSROOM_NAME') ?? DEFAULT_NEWSROOM.name,
      intro: text(vars, 'TIPLINE_NEWSROOM_INTRO') ?? DEFAULT_NEWSROOM.intro,
      ...(logoPath ? { logoPath } : {}),
    },
    ...(onionAddress ? { onionAddress } : {}),
    formMaxBytes: wholeNumber(vars, 'TIPLINE_FORM_MAX_BYTES', DEFAULT_FORM_MAX_BYTES),
    formSlots: wholeNumber(vars, 'TIPLINE_FORM_SLOTS', DEFAULT_FORM_SLOTS),
    minMessageChars: wholeNumber(vars, 'TIPLINE_MIN_MESSAGE_CHARS', DEFAULT_MIN_MESSAGE_CHARS),
  };
}

/** Days before an unfinished upload is purged (TIPLINE_UNFINISHED_UPLOAD_DAYS). */
export function unfinishedUploadDays(vars: Vars): number {
  return wholeNumber(vars, 'TIPLINE_UNFINISHED_UPLOAD_DAYS', UNFINISHED_UPLOAD_DAYS);
}
