// GET /conversation: the newsroom's answers (decrypted in server memory for this response
// only), a delete form per answer, the follow-up form and the way out. Every form carries the
// session's CSRF token.
import { t } from '../i18n/i18n.ts';
import { pagePath, type PageContext } from './context.ts';
import { Layout } from './Layout.tsx';
import type { FormDesk } from './SubmitForm.tsx';
import { TipFields, type TipLimits } from './TipFields.tsx';

export interface ShownReply {
  id: string;
  /** "YYYY-MM-DD": replies are dated to the day, like everything else. */
  day: string;
  /** null when the reply could not be opened. */
  text: string | null;
}

export interface ConversationProps {
  page: PageContext;
  desk: FormDesk;
  replies: ShownReply[];
  csrf: string;
  limits: TipLimits;
}

const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

export function Conversation({ page, desk, replies, csrf, limits }: ConversationProps) {
  const { locale } = page;
  const title = t(locale, 'conversation.title', { desk: desk.name });
  return (
    <Layout page={page} title={title} script path="/conversation">
      <h1>{title}</h1>
      <section aria-labelledby="replies-heading">
        <h2 id="replies-heading">{t(locale, 'conversation.replies.heading')}</h2>
        {replies.length === 0 ? <p>{t(locale, 'conversation.replies.none')}</p> : null}
        <ol id="replies">
          {replies.map((reply) => (
            <li class="reply" data-reply-id={reply.id}>
              <p class="reply-day">{t(locale, 'conversation.reply.day', { day: new Date(`${reply.day}T00:00:00Z`) })}</p>
              {reply.text === null
                ? <p class="notice">{t(locale, 'conversation.reply.unreadable')}</p>
                : <p class="reply-text">{reply.text}</p>}
              <form method="post" action={pagePath(page, `/conversation/replies/${reply.id}/delete`)}>
                <CsrfField token={csrf} />
                <button type="submit" class="secondary">{t(locale, 'conversation.reply.delete')}</button>
              </form>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="follow-up-heading">
        <h2 id="follow-up-heading">{t(locale, 'conversation.followUp.heading')}</h2>
        <p>{t(locale, 'conversation.followUp.hint')}</p>
        <form
          id="follow-up-form" method="post" action={pagePath(page, '/conversation/follow-up')} enctype="multipart/form-data"
          data-desk={desk.slug} data-key-version={String(desk.keyVersion)} data-public-key={desk.publicKey} data-min-length={String(limits.minLength)}
        >
          <CsrfField token={csrf} />
          <TipFields page={page} limits={limits} />
        </form>
      </section>
      <section aria-labelledby="logout-heading">
        <h2 id="logout-heading">{t(locale, 'conversation.logout.heading')}</h2>
        <form id="logout-form" method="post" action={pagePath(page, '/logout')}>
          <CsrfField token={csrf} />
          <button type="submit">{t(locale, 'conversation.logout.button')}</button>
        </form>
        <p>{t(locale, 'conversation.logout.hint')}</p>
      </section>
    </Layout>
  );
}
