// GET /return: the codename form. Every codename that leads nowhere gets the same notice.
import { t } from '../i18n/i18n.ts';
import { pagePath, type PageContext } from './context.ts';
import { Layout } from './Layout.tsx';

export type ReturnNotice = 'unknown' | 'ended';

export function Return({ page, notice }: { page: PageContext; notice?: ReturnNotice }) {
  const { locale } = page;
  const title = t(locale, 'return.title');
  return (
    <Layout page={page} title={title} script path="/return">
      <h1>{title}</h1>
      {notice ? <p class="notice" role="alert">{t(locale, notice === 'unknown' ? 'return.unknown' : 'return.ended')}</p> : null}
      <form id="return-form" method="post" action={pagePath(page, '/return')}>
        <p class="field">
          <label for="codename-input">{t(locale, 'return.codename.label')}</label>
          <span class="hint" id="codename-hint">{t(locale, 'return.codename.hint')}</span>
          <input
            id="codename-input" name="codename" type="text" autocomplete="off" autocapitalize="none" spellcheck={false}
            required aria-describedby="codename-hint"
          />
        </p>
        <p>
          <button type="submit">{t(locale, 'return.button')}</button>
        </p>
      </form>
    </Layout>
  );
}
