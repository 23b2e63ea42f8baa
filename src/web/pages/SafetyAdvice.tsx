// How to stay safe, shown where a source decides to write: on the start page and the form.
import { t } from '../i18n/i18n.ts';
import type { PageContext } from './context.ts';

export function SafetyAdvice({ page }: { page: PageContext }) {
  const { locale } = page;
  return (
    <section class="advice" aria-labelledby="safety-heading">
      <h2 id="safety-heading">{t(locale, 'safety.heading')}</h2>
      <ul>
        <li>{t(locale, 'safety.tor')}</li>
        <li>{t(locale, 'safety.device')}</li>
        <li>{t(locale, 'safety.screenshots')}</li>
        <li>{t(locale, 'safety.close')}</li>
      </ul>
    </section>
  );
}
