// GET /: what happens to what a source sends, how to stay safe, the desks, the way back.
import { t } from '../i18n/i18n.ts';
import { newsroomIntro, pagePath, type PageContext } from './context.ts';
import { Layout } from './Layout.tsx';
import { SafetyAdvice } from './SafetyAdvice.tsx';

export interface LandingDesk {
  slug: string;
  name: string;
  description: string;
}

export function Landing({ page, desks }: { page: PageContext; desks: LandingDesk[] }) {
  const { locale } = page;
  const intro = newsroomIntro(page);
  return (
    <Layout page={page} title={t(locale, 'landing.title')} path="/">
      <h1>{t(locale, 'landing.title')}</h1>
      {intro ? <p class="intro">{intro}</p> : null}
      <section aria-labelledby="what-heading">
        <h2 id="what-heading">{t(locale, 'landing.what.heading')}</h2>
        <ul>
          <li>{t(locale, 'landing.what.locked')}</li>
          <li>{t(locale, 'landing.what.hidden')}</li>
          <li>{t(locale, 'landing.what.noTrace')}</li>
          <li>{t(locale, 'landing.what.codename')}</li>
        </ul>
      </section>
      <SafetyAdvice page={page} />
      <section aria-labelledby="desks-heading">
        <h2 id="desks-heading">{t(locale, 'landing.desks.heading')}</h2>
        {desks.length === 0 ? <p>{t(locale, 'landing.desks.none')}</p> : (
          <ul class="desks">
            {desks.map((desk) => (
              <li>
                <a href={pagePath(page, `/submit/${desk.slug}`)}>{t(locale, 'landing.desks.send', { desk: desk.name })}</a>
                {desk.description ? <p>{desk.description}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="return-heading">
        <h2 id="return-heading">{t(locale, 'landing.return.heading')}</h2>
        <p>
          {t(locale, 'landing.return.text')} <a href={pagePath(page, '/return')}>{t(locale, 'layout.return')}</a>
        </p>
      </section>
    </Layout>
  );
}
