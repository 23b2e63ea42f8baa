// Every refusal a source can meet, in calm words: what happened, that nothing was stored (or
// lost), and a way on. The status code is set by the caller (always 4xx, or 500 for a bug).
import { localePath, t } from '../i18n/i18n.ts';
import type { PageContext } from './context.ts';
import { Layout } from './Layout.tsx';

export interface ErrorPageProps {
  page: PageContext;
  message: string;
  /** Where "back" leads (a path without locale prefix); the start page by default. */
  back?: { path: string; label: string };
}

export function ErrorPage({ page, message, back }: ErrorPageProps) {
  const { locale } = page;
  const title = t(locale, 'error.title');
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p class="notice" role="alert">{message}</p>
      <p>
        <a href={localePath(locale, back?.path ?? '/')}>{back?.label ?? t(locale, 'error.back')}</a>
      </p>
    </Layout>
  );
}
