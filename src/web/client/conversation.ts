// The conversation on /return, built in place of the codename form once the keys opened it. It
// mirrors the no-JS /conversation page (src/web/pages/Conversation.tsx): answers (opened in the
// worker) in #replies with a delete button each, the follow-up form, and a way to leave that
// drops the keys. Deleting and following up go through the API with the lookup key.
import { deleteReply, type Conversation } from './api.ts';
import { h, lines } from './dom.ts';
import { pagePath, t } from './messages.ts';
import type { SourceSecrets } from './protocol.ts';
import { enhanceTipForm, failureText } from './tip-form.ts';
import type { WorkerClient } from './worker-client.ts';

/** A follow-up needs a message, as on the no-JS conversation page. */
const FOLLOW_UP_MIN_LENGTH = 1;

export async function showConversation(options: { main: HTMLElement; worker: WorkerClient; keys: SourceSecrets; conversation: Conversation }) {
  const { main, worker, keys, conversation } = options;
  const opened = await worker.call('open-replies', { replies: conversation.replies, keys });
  const textOf = new Map(opened.map((r) => [r.id, r.text]));

  const title = h('h1', { tabindex: '-1' }, t('conversation.title', { desk: conversation.desk.name }));
  const notice = h('p', { class: 'js-status', role: 'status' });
  const none = h('p', { hidden: conversation.replies.length > 0 }, t('conversation.replies.none'));
  const list = h('ol', { id: 'replies' }, ...conversation.replies.map((r) => replyItem(r.id, r.day, textOf.get(r.id) ?? null)));
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.delete-reply');
    const item = button?.closest<HTMLLIElement>('li.reply');
    if (!button || !item?.dataset.replyId) return;
    button.disabled = true;
    deleteReply(item.dataset.replyId, keys.lookupKey).then(() => {
      item.remove();
      none.hidden = list.children.length > 0;
      notice.textContent = t('js.conversation.deleted');
      title.focus();
    }, (error: unknown) => {
      button.disabled = false;
      notice.textContent = failureText(error);
    });
  });

  const followUp = followUpForm();
  const sent = h('p', { class: 'js-status', role: 'status' });
  enhanceTipForm({
    form: followUp, worker, desk: () => conversation.desk.slug, minLength: FOLLOW_UP_MIN_LENGTH, followUp: () => keys.lookupKey,
    onSent: ({ filesFailed }) => { sent.textContent = filesFailed ? t('js.sent.filesFailed') : t('confirm.followUp.title'); },
  });

  const leave = h('button', { type: 'button', id: 'leave-button' }, t('conversation.logout.button'));
  leave.addEventListener('click', () => {
    keys.lookupKey.fill(0);
    keys.replySecretKey.fill(0);
    // A fresh codename page: nothing of this conversation stays in memory.
    location.replace(pagePath('/return'));
  });

  main.replaceChildren(
    title, notice,
    h('section', { 'aria-labelledby': 'replies-heading' },
      h('h2', { id: 'replies-heading' }, t('conversation.replies.heading')), none, list),
    h('section', { 'aria-labelledby': 'follow-up-heading' },
      h('h2', { id: 'follow-up-heading' }, t('conversation.followUp.heading')),
      h('p', {}, t('conversation.followUp.hint')), followUp, sent),
    h('section', { 'aria-labelledby': 'logout-heading' },
      h('h2', { id: 'logout-heading' }, t('conversation.logout.heading')),
      h('p', {}, leave), h('p', {}, t('conversation.logout.hint'))),
  );
  document.title = document.title.replace(/^[^·]*/, `${t('conversation.title', { desk: conversation.desk.name })} `);
  title.focus();
}

function replyItem(id: string, day: string, text: string | null): HTMLLIElement {
  return h('li', { class: 'reply', 'data-reply-id': id },
    h('p', { class: 'reply-day' }, t('conversation.reply.day', { day: new Date(`${day}T00:00:00Z`) })),
    text === null
      ? h('p', { class: 'notice' }, t('conversation.reply.unreadable'))
      : h('p', { class: 'reply-text' }, ...lines(text)),
    h('p', {}, h('button', { type: 'button', class: 'delete-reply secondary' }, t('conversation.reply.delete'))),
  );
}

/** The follow-up form, with the ids and names of src/web/pages/TipFields.tsx (no honeypot: only a script builds this). */
function followUpForm(): HTMLFormElement {
  return h('form', { id: 'follow-up-form', method: 'post', action: pagePath('/conversation/follow-up'), enctype: 'multipart/form-data' },
    h('p', { class: 'field' },
      h('label', { for: 'message' }, t('submit.message.label')),
      h('span', { class: 'hint', id: 'message-hint' }, t('submit.message.hint', { min: FOLLOW_UP_MIN_LENGTH })),
      h('textarea', { id: 'message', name: 'message', rows: '10', required: true, 'aria-describedby': 'message-hint' })),
    h('p', { class: 'field' },
      h('label', { for: 'files' }, t('submit.files.label')),
      h('input', { id: 'files', name: 'files', type: 'file', multiple: true })),
    h('p', { class: 'field check' },
      h('input', { type: 'checkbox', id: 'allow-unsupported', name: 'allow_unsupported', value: '1' }),
      h('label', { for: 'allow-unsupported' }, t('submit.allowUnsupported.label'))),
    h('div', { id: 'file-report', 'aria-live': 'polite' }),
    h('progress', { id: 'upload-progress', hidden: true, max: '100', value: '0', 'aria-label': t('submit.progress.label') }),
    h('p', {}, h('button', { id: 'submit-button', type: 'submit' }, t('submit.button'))),
  );
}
