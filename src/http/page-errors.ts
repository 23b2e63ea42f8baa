// Failures on the source pages become pages, never JSON and never a stack trace: a domain
// refusal gets its calm explanation and 4xx status, a bug gets a 500 page that says nothing
// was stored (the transaction rolled back). Reports name only the error class and the route.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';
import { t, type MessageKey } from '../web/i18n/i18n.ts';
import type { PageContext } from '../web/pages/context.ts';
import { DOMAIN_ERROR_STATUS } from './errors.ts';
import type { PageSettings } from './page-deps.ts';
import { errorPage, problemPage } from './page-render.ts';

const DOMAIN_MESSAGES: Partial<Record<DomainErrorCode, MessageKey>> = {
  unknown_desk: 'error.unknownDesk',
  unknown_codename: 'error.sessionEnded',
  unknown_reply: 'error.unknownReply',
  // The desk's key rotated twice, or the conversation moved twice, while the tip was sealed.
  stale_key: 'error.changed',
  conversation_moved: 'error.changed',
};

export function handlePageError(error: unknown, c: Context, page: PageContext, settings: PageSettings, report: (line: string) => void) {
  if (error instanceof DomainError) {
    if (error.code === 'too_many_files') return problemPage(c, page, settings, { kind: 'too_many_files' });
    if (error.code === 'file_too_large') return problemPage(c, page, settings, { kind: 'too_large' });
    if (error.code === 'message_too_large') return problemPage(c, page, settings, { kind: 'message_too_long' });
    const key = DOMAIN_MESSAGES[error.code] ?? 'error.formUnreadable';
    const back = error.code === 'unknown_codename' ? { path: '/return', label: t(page.locale, 'layout.return') } : undefined;
    return errorPage(c, page, DOMAIN_ERROR_STATUS[error.code], t(page.locale, key), back);
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return problemPage(c, page, settings, { kind: 'too_large' });
    const status = (error.status >= 400 && error.status < 500 ? error.status : 400) as ContentfulStatusCode;
    return errorPage(c, page, status, t(page.locale, 'error.formUnreadable'));
  }
  report(`error ${error instanceof Error ? error.name : typeof error} on ${c.req.method} ${c.req.routePath}`);
  return errorPage(c, page, 500, t(page.locale, 'error.server'));
}

export function pageNotFound(c: Context, page: PageContext) {
  return errorPage(c, page, 404, t(page.locale, 'error.notFound'));
}
