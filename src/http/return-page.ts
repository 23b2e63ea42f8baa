// GET/POST /return: the codename form. The server derives the keys (the no-JS path); every
// codename that leads nowhere costs the same work and gets the same page and status. A known
// one gets the sealed session cookie and goes on to the conversation.
import { Hono } from 'hono';
import { logIn } from '../web/no-js/source-login.ts';
import { pagePath, type PageContext } from '../web/pages/context.ts';
import { Return } from '../web/pages/Return.tsx';
import { parseForm, wipeFormBody } from './form-fields.ts';
import type { PageDeps } from './page-deps.ts';
import { busyPage, formBodyLimit, renderPage } from './page-render.ts';
import { startSession } from './source-session.ts';

const RETURN_BODY_BYTES = 8 * 1024;

export function returnPageRoutes(deps: PageDeps, page: PageContext) {
  return new Hono()
    .get('/', (c) => renderPage(c, Return({ page })))
    .post('/', formBodyLimit(page, deps.settings, RETURN_BODY_BYTES), wipeFormBody, async (c) => {
      const body = await parseForm(c);
      const typed = typeof body?.codename === 'string' ? body.codename : '';
      const wait = deps.loginGate.admit('return');
      if (wait > 0) return busyPage(c, page, wait);
      const login = await logIn(deps.ctx, typed);
      if (!login) return renderPage(c, Return({ page, notice: 'unknown' }), 403);
      try {
        await startSession(c, deps.ctx, login);
      } finally {
        login.replySecretKey.fill(0);
      }
      return c.redirect(pagePath(page, '/conversation'), 303);
    });
}
