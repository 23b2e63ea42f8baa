// Rendering for the source pages: HTML with a status, and the calm pages every refusal gets.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MAX_FILES_PER_TIP } from '../domain/limits.ts';
import { t, type MessageKey } from '../web/i18n/i18n.ts';
import type { PageContext } from '../web/pages/context.ts';
import { ErrorPage, type ErrorPageProps } from '../web/pages/ErrorPage.tsx';
import type { TipLimits } from '../web/pages/TipFields.tsx';
import type { FormProblem } from './form-fields.ts';
import type { PageSettings } from './page-deps.ts';

export type Html = string | Promise<string>;

export function renderPage(c: Context, html: Html, status: ContentfulStatusCode = 200) {
  return c.html(html, status);
}

export function errorPage(c: Context, page: PageContext, status: ContentfulStatusCode, message: string, back?: ErrorPageProps['back']) {
  return c.html(ErrorPage({ page, message, back }), status);
}

/** Over a flood limit: nothing was taken in, so nothing is lost; say when to try again. */
export function busyPage(c: Context, page: PageContext, retryAfterSeconds: number) {
  c.header('Retry-After', String(retryAfterSeconds));
  return errorPage(c, page, 429, t(page.locale, 'error.busy', { seconds: retryAfterSeconds }));
}

export function megabytes(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}

export function tipLimits(settings: PageSettings, minLength: number): TipLimits {
  return { minLength, maxFiles: MAX_FILES_PER_TIP, megabytes: megabytes(settings.formMaxBytes) };
}

const PROBLEM_STATUS: Record<FormProblem['kind'], ContentfulStatusCode> = {
  unreadable: 400,
  too_large: 413,
  too_many_files: 413,
  file_too_large: 413,
  message_missing: 400,
  message_too_short: 400,
  message_too_long: 413,
  file_rejected: 422,
  file_unsupported: 422,
};

export function problemStatus(problem: FormProblem): ContentfulStatusCode {
  return PROBLEM_STATUS[problem.kind];
}

/** What went wrong and what to do, in the reader's language. */
export function problemText(page: PageContext, settings: PageSettings, problem: FormProblem): string {
  const say = (key: MessageKey, values?: Record<string, string | number>) => t(page.locale, key, values);
  switch (problem.kind) {
    case 'unreadable': return say('error.formUnreadable');
    case 'too_large': return say('error.tooLarge', { megabytes: megabytes(settings.formMaxBytes) });
    case 'too_many_files': return say('error.tooManyFiles', { max: MAX_FILES_PER_TIP });
    case 'file_too_large': return say('error.fileTooLarge', { name: problem.name });
    case 'message_missing': return say('error.messageMissing');
    case 'message_too_short': return say('error.messageTooShort', { min: problem.min });
    case 'message_too_long': return say('error.messageTooLong');
    case 'file_rejected': return say('error.fileRejected', { name: problem.name, reason: say(`reject.${problem.code}`) });
    case 'file_unsupported': return say('error.fileUnsupported', { name: problem.name });
  }
}

export function problemPage(c: Context, page: PageContext, settings: PageSettings, problem: FormProblem, back?: ErrorPageProps['back']) {
  return errorPage(c, page, problemStatus(problem), problemText(page, settings, problem), back);
}

/** The form body cap, checked before anything is parsed; over it, a calm 413 page. */
export function formBodyLimit(page: PageContext, settings: PageSettings, maxBytes = settings.formMaxBytes): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: (c) => problemPage(c, page, settings, { kind: 'too_large' }) });
}
