// One JSON shape for every error: { "error": { "code": "...", "message": "..." } } with a 4xx
// status (or a bare 500 `internal` whose details go nowhere). Domain codes map to statuses here.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { toBase64 } from '../crypto/index.ts';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';

/** The HTTP status of each domain failure (JSON API and pages alike). */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  unknown_desk: 404,
  desk_exists: 409,
  stale_key: 409,
  unknown_tip: 404,
  bad_upload_token: 403,
  too_many_files: 413,
  file_too_large: 413,
  message_too_large: 413,
  bad_ciphertext_length: 400,
  unknown_upload: 404,
  upload_finished: 409,
  upload_incomplete: 409,
  chunk_index_out_of_range: 400,
  bad_chunk_length: 400,
  invalid_input: 400,
  unknown_codename: 403,
  source_exists: 409,
  conversation_moved: 409,
  pow_required: 400,
  pow_invalid: 403,
  unknown_reply: 404,
  not_logged_in: 401,
  session_expired: 401,
  bad_csrf: 403,
  forbidden: 403,
  login_failed: 401,
  login_locked: 429,
  invite_invalid: 410,
  username_taken: 409,
  bad_totp: 400,
  unknown_staff: 404,
  unknown_label: 404,
  unknown_draft: 404,
  unknown_rule: 404,
  key_not_granted: 409,
  key_version_retired: 409,
  rotation_in_progress: 409,
  rotation_unfinished: 409,
  rerouted: 409,
  already_linked: 409,
  unknown_link: 404,
  unknown_file: 404,
  label_exists: 409,
};

export function errorBody(code: string, message: string, extra?: Record<string, unknown>) {
  return { error: { code, message, ...extra } };
}

export function jsonError(c: Context, status: ContentfulStatusCode, code: string, message: string, extra?: Record<string, unknown>) {
  return c.json(errorBody(code, message, extra), status);
}

/** 429 with a retry hint: calm words, because a frightened source will read them. */
export function tooBusy(c: Context, retryAfterSeconds: number) {
  c.header('Retry-After', String(retryAfterSeconds));
  return jsonError(c, 429, 'busy', `Tipline is receiving many tips right now. Nothing was lost; please try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds });
}

/** Turns anything thrown by a handler into the JSON error shape. */
export function handleError(error: unknown, c: Context, report: (line: string) => void) {
  if (error instanceof DomainError) {
    return jsonError(c, DOMAIN_ERROR_STATUS[error.code], error.code, error.message, error.details && toJsonSafe(error.details));
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return jsonError(c, 413, 'body_too_large', 'the request body is too large');
    if (error.message.startsWith('Malformed JSON')) return jsonError(c, 400, 'malformed_json', 'the body is not valid JSON');
    return jsonError(c, error.status as ContentfulStatusCode, 'bad_request', error.message || 'bad request');
  }
  // Unknown failures: report only the error's class name and the route pattern. Messages of
  // driver errors can quote SQL parameters, and none of that may reach a log.
  report(`error ${error instanceof Error ? error.name : typeof error} on ${c.req.method} ${c.req.routePath}`);
  return jsonError(c, 500, 'internal', 'something went wrong on the server; nothing was stored from this request');
}

/** Bytes become base64 so that error details are JSON. */
function toJsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details, (_key, value) =>
    value instanceof Uint8Array ? toBase64(value) : value));
}
