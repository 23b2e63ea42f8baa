// The source pages of one language, mounted at `/` (default) or `/{locale}` (app.ts): the
// start page here, each other resource in its own small sub-app.
import { Hono } from 'hono';
import { localiseDesks } from '../domain/desk-translations.ts';
import { listDesks } from '../domain/desks.ts';
import type { Locale } from '../web/i18n/i18n.ts';
import { Landing } from '../web/pages/Landing.tsx';
import { conversationPageRoutes, logoutRoutes } from './conversation-page.ts';
import type { PageDeps } from './page-deps.ts';
import { renderPage } from './page-render.ts';
import { returnPageRoutes } from './return-page.ts';
import { submitPageRoutes } from './submit-page.ts';

export function sourcePageRoutes(deps: PageDeps, locale: Locale) {
  const page = { locale, newsroom: deps.settings.newsroom };
  return new Hono()
    .get('/', async (c) => {
      const desks = await localiseDesks(deps.ctx.db.read, await listDesks(deps.ctx.db.read), locale);
      return renderPage(c, Landing({ page, desks: desks.map(({ slug, name, description }) => ({ slug, name, description })) }));
    })
    .route('/submit', submitPageRoutes(deps, page))
    .route('/return', returnPageRoutes(deps, page))
    .route('/conversation', conversationPageRoutes(deps, page))
    .route('/logout', logoutRoutes(deps, page));
}
