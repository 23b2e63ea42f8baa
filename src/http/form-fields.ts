// Reading the no-JavaScript tip form (multipart) at the trust boundary: the body is capped
// before parsing (page-render.ts formBodyLimit), then every field is checked for type, count
// and size before any file is stripped or any key is derived. Anything wrong becomes a
// FormProblem, which the handler renders as a calm 4xx page; nothing here throws on bad input.
import type { Context, MiddlewareHandler } from 'hono';
import { paddedPartSize } from '../crypto/index.ts';
import { MAX_FILE_PADDED_SIZE, MAX_FILES_PER_TIP, MAX_MESSAGE_PADDED_SIZE } from '../domain/limits.ts';
import type { FormTip } from '../web/no-js/form-intake.ts';
import type { FileProblem, UploadedFile } from '../web/no-js/strip-files.ts';

export type FormProblem =
  | FileProblem
  | { kind: 'unreadable' }
  | { kind: 'too_large' }
  | { kind: 'too_many_files' }
  | { kind: 'file_too_large'; name: string }
  | { kind: 'message_missing' }
  | { kind: 'message_too_short'; min: number }
  | { kind: 'message_too_long' };

export type FormBody = Record<string, string | File | (string | File)[]>;

/** The parsed body, or null when it is not a form that can be read. */
export async function parseForm(c: Context): Promise<FormBody | null> {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    return null;
  }
}

export type TipFormResult = { kind: 'tip'; tip: FormTip } | { kind: 'honeypot' } | { kind: 'problem'; problem: FormProblem };

export function tipFromForm(body: FormBody, rules: { minMessageChars: number }): TipFormResult {
  const problem = (p: FormProblem): TipFormResult => ({ kind: 'problem', problem: p });
  // A filled honeypot is a bot: it gets a confirmation and nothing is stored.
  if (body.website !== undefined && body.website !== '') return { kind: 'honeypot' };

  const message = body.message;
  if (Array.isArray(message) || message instanceof File) return problem({ kind: 'unreadable' });
  const text = message ?? '';
  if (text.trim() === '') return problem({ kind: 'message_missing' });
  if ([...text.trim()].length < rules.minMessageChars) return problem({ kind: 'message_too_short', min: rules.minMessageChars });
  if (paddedPartSize({ kind: 'message', size: new TextEncoder().encode(text).length }) > MAX_MESSAGE_PADDED_SIZE) {
    return problem({ kind: 'message_too_long' });
  }

  // A file input left empty still sends one nameless, empty part: that is no file.
  const files = [body.files ?? []].flat().filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
  if (files.length > MAX_FILES_PER_TIP) return problem({ kind: 'too_many_files' });
  const uploaded: UploadedFile[] = files.map((file) => ({ name: safeName(file.name), type: safeType(file.type), blob: file }));
  for (const { name, type, blob } of uploaded) {
    if (paddedPartSize({ kind: 'file', name, type, size: blob.size }) > MAX_FILE_PADDED_SIZE) return problem({ kind: 'file_too_large', name });
  }
  return { kind: 'tip', tip: { message: text, files: uploaded, allowUnsupported: body.allow_unsupported === '1' } };
}

/** The last path segment (old browsers send a full path), without control characters, bounded. */
function safeName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f]/g, '').trim()).slice(0, 200).join('');
  return clean || 'file';
}

/** The browser's claimed type, if it looks like one; it is kept only for files sent unchanged. */
function safeType(raw: string): string {
  return /^[\x20-\x7e]{1,200}$/.test(raw) ? raw : 'application/octet-stream';
}

/**
 * Zeroes the raw request body after the handler, whatever it returned or threw: it held the
 * plaintext. (The platform's own copies inside FormData cannot be reached; see README.)
 */
export const wipeFormBody: MiddlewareHandler = async (c, next) => {
  try {
    await next();
  } finally {
    // Hono keeps the body it read as a promise (its type says otherwise).
    const cached = c.req.bodyCache.arrayBuffer as unknown as Promise<ArrayBuffer> | undefined;
    if (cached) {
      await cached.then((buffer) => new Uint8Array(buffer).fill(0), () => undefined);
    }
  }
};
