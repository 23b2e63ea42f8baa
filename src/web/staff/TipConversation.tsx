// The source's conversation, oldest first: their tips (this one marked) and the newsroom's
// replies, each sealed; then the reply form. A reply is sealed in the browser to the source's
// reply key and to the desk key, so the source and the desk can read it and the server cannot.
import { sayer, staffHref, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import type { TipView } from './tip-types.ts';

export function TipConversation({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  const conversation = view.conversation;
  if (!conversation) return <section><h2>{say('tip.conversation')}</h2><p>{say('tip.noConversation')}</p></section>;
  const entries = [
    ...conversation.tips.map((t) => ({ day: t.receivedDay, el: (
      <li class="conversation-tip" data-tip-id={t.id} data-key-version={String(t.keyVersion)} data-sealed-key={t.sealedKey} data-message={t.message ?? ''}>
        <p class="reply-day">
          {t.id === view.tip.id ? say('tip.fromSource', { day: t.receivedDay }) + ` (${say('tip.thisTip')})`
            : <a href={staffHref(page, `/staff/tips/${t.id}`)}>{say('tip.fromSource', { day: t.receivedDay })}</a>}
        </p>
        <p class="message-text">{say('inbox.locked')}</p>
      </li>
    ) })),
    ...conversation.replies.map((r) => ({ day: r.day, el: (
      <li class="conversation-reply" data-reply-id={r.id} data-key-version={String(r.deskKeyVersion)} data-sealed-key={r.sealedForDesk} data-message={r.body}>
        <p class="reply-day">{say('tip.fromNewsroom', { day: r.day })}{r.authorName ? ` · ${r.authorName}` : ''}</p>
        <p class="reply-text">{say('inbox.locked')}</p>
      </li>
    ) })),
  ].sort((a, b) => a.day.localeCompare(b.day));
  return (
    <section aria-labelledby="conversation-title">
      <h2 id="conversation-title">{say('tip.conversation')}</h2>
      <ol id="conversation" data-reply-public-key={conversation.replyPublicKey}>{entries.map((e) => e.el)}</ol>
      {view.canTriage ? (
        <form id="reply-form">
          <h3>{say('tip.reply')}</h3>
          <p class="hint">{say('tip.replyExplain')}</p>
          <Field id="reply-text" label={say('tip.replyField')}>
            <textarea id="reply-text" name="reply" required maxlength={20000}></textarea>
          </Field>
          <JsSubmit label={say('tip.replySubmit')} />
        </form>
      ) : null}
    </section>
  );
}
