// Every refusal a source can meet, in calm words: what happened, that nothing was stored (or
// lost), and a way on. The status code is set by the caller (always 4xx, or 500 for a bug).
import { t } from '../i18n/i18n.ts';
import { pagePath, type PageContext } from './context.ts';
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
    // The menu leads to the start page: the request that failed may not be one to repeat.
    <Layout page={page} title={title} path="/">
      <h1>{title}</h1>
      <p class="notice" role="alert">{message}</p>
      <p>
        <a href={pagePath(page, back?.path ?? '/')}>{back?.label ?? t(locale, 'error.back')}</a>
      </p>
    </Layout>
  );
}
