// The source's side of the JSON API beyond submitting: what a browser needs to derive keys, the
// anti-spam challenge, and the conversation (replies, deleting one's copy). A source proves who
// they are with the lookup key their codename derives to, in the body; no cookie is involved.
import { Hono } from 'hono';
import { z } from 'zod';
import { SOURCE_KDF_PARAMS, toBase64 } from '../crypto/index.ts';
import { CODENAME_WORDS } from '../domain/codename.ts';
import type { DomainContext } from '../domain/context.ts';
import { localiseDesk } from '../domain/desk-translations.ts';
import { instanceSecret } from '../domain/instance.ts';
import { isLocale } from '../domain/locales.ts';
import { issuePowChallenge, POW_LIFETIME_MINUTES } from '../domain/pow.ts';
import { deleteReplyCopy, readConversation } from '../domain/replies.ts';
import type { IntakeGate } from './intake-gate.ts';
import { sourceRouteRoutes } from './source-route.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

const lookupBody = z.strictObject({ lookupKey: base64Bytes(32) });
const SMALL_BODY = 4096;

export function sourceApiRoutes(ctx: DomainContext, gate: IntakeGate) {
  return new Hono()
    .route('/', sourceRouteRoutes(ctx))
    .get('/instance', async (c) => {
      const salt = await instanceSecret(ctx, 'kdf_salt');
      return c.json({ kdf: { algorithm: 'scrypt', salt: toBase64(salt), ...SOURCE_KDF_PARAMS }, codenameWords: CODENAME_WORDS, powRequired: gate.powDifficulty() > 0 });
    })
    .get('/pow', async (c) => {
      const challenge = await issuePowChallenge({ ctx, input: { difficulty: gate.powDifficulty() } });
      return c.json({ id: challenge.id, challenge: toBase64(challenge.challenge), difficulty: challenge.difficulty, expiresInSeconds: POW_LIFETIME_MINUTES * 60 });
    })
    .post('/conversation', ...jsonBody(lookupBody, SMALL_BODY), async (c) => {
      const conversation = await readConversation({ ctx, input: { lookupKey: c.req.valid('json').lookupKey } });
      // `?lang=`: the desk's name in the page's language, as the no-JS conversation page shows it.
      const lang = c.req.query('lang');
      const desk = lang && isLocale(lang) ? (await localiseDesk(ctx.db.read, conversation.desk, lang))! : conversation.desk;
      return c.json({
        desk: { ...desk, publicKey: toBase64(desk.publicKey) },
        replies: conversation.replies.map((r) => ({ id: r.id, day: r.day, body: toBase64(r.body), sealedKey: toBase64(r.sealedKey) })),
      });
    })
    .post('/conversation/replies/:replyId/delete', valid('param', z.object({ replyId: hexId })), ...jsonBody(lookupBody, SMALL_BODY), async (c) => {
      await deleteReplyCopy({ ctx, input: { lookupKey: c.req.valid('json').lookupKey, replyId: c.req.valid('param').replyId } });
      return c.body(null, 204);
    });
}
