// Request validation at the trust boundary: zod schemas through @hono/zod-validator, with every
// failure answered in the JSON error shape and a specific code where the client can act on it.
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { fromBase64 } from '../crypto/index.ts';
import { errorBody, jsonError } from './errors.ts';

/** A base64 string decoded to bytes; `maxBytes` bounds the decoded size before decoding. */
export function base64Bytes(maxBytes: number, tooLargeCode = 'too_large') {
  const maxChars = Math.ceil(maxBytes / 3) * 4;
  return z.string().transform((text, ctx) => {
    if (text.length > maxChars) {
      ctx.addIssue({ code: 'custom', message: `at most ${maxBytes} bytes`, params: { code: tooLargeCode } });
      return z.NEVER;
    }
    try {
      return fromBase64(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid base64', params: { code: 'bad_base64' } });
      return z.NEVER;
    }
  });
}

export const hexId = z.string().regex(/^[0-9a-f]{32}$/, 'not an id');

type Target = 'json' | 'param';

/** zod validation whose failures become `{ error: { code, message } }` with status 400. */
export function valid<T extends z.ZodType>(target: Target, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (result.success) return;
    const issue = result.error.issues[0];
    const code = (issue && issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : 'invalid_request');
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    // A malformed path parameter names nothing that exists.
    if (target === 'param') return c.json(errorBody('not_found', `${where}${issue?.message ?? 'invalid'}`), 404);
    return c.json(errorBody(code, `${where}${issue?.message ?? 'invalid'}`), code.endsWith('too_large') ? 413 : 400);
  });
}

/** Size cap, JSON media type, then schema: in that order, so nothing oversized is parsed. */
export function jsonBody<T extends z.ZodType>(schema: T, maxBytes: number) {
  const requireJson: MiddlewareHandler = async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return jsonError(c, 415, 'unsupported_media_type', 'send application/json');
    await next();
  };
  return [limitBody(maxBytes), requireJson, valid('json', schema)] as const;
}

export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) => jsonError(c, 413, 'body_too_large', `the request body is limited to ${maxBytes} bytes`);
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    // hono's bodyLimit starts by reading `c.req.raw.body`, which makes @hono/node-server turn its
    // lazy request into a full fetch Request with a web stream over the socket. With a
    // Content-Length (and no Transfer-Encoding) it only compares that number: do the same here
    // without touching the body. A GET or HEAD has no body; anything else goes to bodyLimit.
    const { method, headers } = c.req.raw;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = headers.get('content-length');
    if (length !== null && !headers.has('transfer-encoding')) {
      if (parseInt(length || '0', 10) > maxBytes) return tooLarge(c);
      return next();
    }
    return streamed(c, next);
  };
}
