// The conversation without JavaScript, behind the sealed session cookie (source-session.ts):
// GET /conversation shows the answers, decrypted in server memory for this response only;
// POST /conversation/follow-up and /conversation/replies/{id}/delete change things, and so
// does POST /logout: each needs the session's CSRF token from a hidden field.
import { Hono, type Context } from 'hono';
import { openReply } from '../client/reply.ts';
import { toBase64 } from '../crypto/index.ts';
import { isId } from '../domain/ids.ts';
import { deleteReplyCopy, readConversation } from '../domain/replies.ts';
import { localiseDesk } from '../domain/desk-translations.ts';
import { conversationDesk } from '../domain/sources.ts';
import { t } from '../web/i18n/i18n.ts';
import { sendFormTip } from '../web/no-js/form-intake.ts';
import { Confirmation } from '../web/pages/Confirmation.tsx';
import { pagePath, type PageContext } from '../web/pages/context.ts';
import { Conversation } from '../web/pages/Conversation.tsx';
import { Return } from '../web/pages/Return.tsx';
import { parseForm, tipFromForm, wipeFormBody, type FormBody } from './form-fields.ts';
import type { PageDeps } from './page-deps.ts';
import { busyPage, errorPage, formBodyLimit, problemPage, renderPage, tipLimits } from './page-render.ts';
import { csrfMatches, endSession, hasSessionCookie, readSession, type SourceSession } from './source-session.ts';

const SMALL_FORM_BYTES = 8 * 1024;

export function conversationPageRoutes(deps: PageDeps, page: PageContext) {
  const { ctx, settings } = deps;
  const backToConversation = { path: '/conversation', label: t(page.locale, 'confirm.followUp.back') };
  const sessionEnded = (c: Context) =>
    errorPage(c, page, 403, t(page.locale, 'error.sessionEnded'), { path: '/return', label: t(page.locale, 'layout.return') });
  /** Runs `act` with a live session whose CSRF token the form carried; wipes the key after. */
  const withSession = async (c: Context, act: (session: SourceSession, body: FormBody) => Promise<Response>) => {
    const session = await readSession(c, ctx);
    if (!session) return sessionEnded(c);
    try {
      const body = await parseForm(c);
      if (!body) return problemPage(c, page, settings, { kind: 'unreadable' });
      if (!csrfMatches(session, body.csrf)) return sessionEnded(c);
      return await act(session, body);
    } finally {
      session.wipe();
    }
  };

  return new Hono()
    .get('/', async (c) => {
      const session = await readSession(c, ctx);
      if (!session) {
        if (!hasSessionCookie(c)) return c.redirect(pagePath(page, '/return'), 303);
        endSession(c);
        return renderPage(c, Return({ page, notice: 'ended' }), 403);
      }
      try {
        const conversation = await readConversation({ ctx, input: { sourceId: session.sourceId } });
        const replies = [];
        for (const reply of conversation.replies) {
          const text = await openReply(reply.body, reply.sealedKey, session.replyKeys).catch(() => null);
          replies.push({ id: reply.id, day: reply.day, text });
        }
        const shown = (await localiseDesk(ctx.db.read, conversation.desk, page.locale))!;
        const desk = { ...shown, description: '', publicKey: toBase64(shown.publicKey) };
        return renderPage(c, Conversation({ page, desk, replies, csrf: session.csrf, limits: tipLimits(settings, 1) }));
      } finally {
        session.wipe();
      }
    })
    .post('/follow-up', deps.formSlots.hold(page), formBodyLimit(page, settings), wipeFormBody, (c) => withSession(c, async (session, body) => {
      const form = tipFromForm(body, { minMessageChars: 1 });
      if (form.kind === 'honeypot') return renderPage(c, Confirmation({ page, files: [] }));
      if (form.kind === 'problem') return problemPage(c, page, settings, form.problem, backToConversation);
      const ref = { sourceId: session.sourceId };
      const desk = await conversationDesk({ ctx, input: ref });
      const wait = deps.gate.admit(desk.slug);
      if (wait > 0) return busyPage(c, page, wait);
      const target = { desk, refreshDesk: () => conversationDesk({ ctx, input: ref }), source: { kind: 'follow-up', sourceId: session.sourceId } as const };
      const result = await sendFormTip(ctx, target, form.tip);
      if (!result.ok) return problemPage(c, page, settings, result.problem, backToConversation);
      return renderPage(c, Confirmation({ page, files: result.files }));
    }))
    .post('/replies/:replyId/delete', formBodyLimit(page, settings, SMALL_FORM_BYTES), wipeFormBody, (c) => withSession(c, async (session) => {
      const replyId = c.req.param('replyId');
      if (!isId(replyId)) return errorPage(c, page, 404, t(page.locale, 'error.unknownReply'));
      await deleteReplyCopy({ ctx, input: { sourceId: session.sourceId, replyId } });
      return c.redirect(pagePath(page, '/conversation'), 303);
    }));
}

/** POST /logout: clears the cookie. With a live session the form must carry its token. */
export function logoutRoutes(deps: PageDeps, page: PageContext) {
  return new Hono().post('/', formBodyLimit(page, deps.settings, SMALL_FORM_BYTES), async (c) => {
    const session = await readSession(c, deps.ctx);
    if (session) {
      session.wipe();
      const body = await parseForm(c);
      if (!csrfMatches(session, body?.csrf)) {
        return errorPage(c, page, 403, t(page.locale, 'error.sessionEnded'), { path: '/conversation', label: t(page.locale, 'confirm.followUp.back') });
      }
    }
    endSession(c);
    return c.redirect(pagePath(page, '/'), 303);
  });
}
