// GET /submit/{desk}: the form. Without JavaScript it posts multipart to the server; the
// bundle reads the data-* attributes to seal to the desk key in the browser instead.
import { t } from '../i18n/i18n.ts';
import { pagePath, type PageContext } from './context.ts';
import { Layout } from './Layout.tsx';
import type { RouteChoices } from './RouteFields.tsx';
import { SafetyAdvice } from './SafetyAdvice.tsx';
import { TipFields, type TipLimits } from './TipFields.tsx';

export interface FormDesk {
  slug: string;
  name: string;
  description: string;
  keyVersion: number;
  /** Standard base64 of the desk's current public key. */
  publicKey: string;
}

export interface SubmitFormProps {
  page: PageContext;
  desk: FormDesk;
  limits: TipLimits;
  /** After a refusal: why, and the message as it was written (files must be chosen again). */
  refusal?: { notice: string; message: string };
  /** The topics offered and, after a refusal, the urgency and topic chosen. */
  routing?: RouteChoices;
}

export function SubmitForm({ page, desk, limits, refusal, routing }: SubmitFormProps) {
  const { locale } = page;
  const title = t(locale, 'submit.title', { desk: desk.name });
  return (
    <Layout page={page} title={title} script path={`/submit/${desk.slug}`}>
      <h1>{title}</h1>
      {desk.description ? <p class="intro">{desk.description}</p> : null}
      {refusal ? (
        <div class="notice" role="alert">
          <p>{refusal.notice}</p>
          <p>{t(locale, 'error.chooseFilesAgain')}</p>
        </div>
      ) : null}
      <form
        id="submit-form" method="post" action={pagePath(page, `/submit/${desk.slug}`)} enctype="multipart/form-data"
        data-desk={desk.slug} data-key-version={String(desk.keyVersion)} data-public-key={desk.publicKey} data-min-length={String(limits.minLength)}
      >
        <TipFields page={page} limits={limits} message={refusal?.message} routing={routing ?? { topics: [] }} />
      </form>
      <p class="hint">{t(locale, 'submit.noScript')}</p>
      <SafetyAdvice page={page} />
    </Layout>
  );
}
