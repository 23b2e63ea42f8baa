// What staff write about a tip is sealed here before it is sent: internal notes and draft-link
// notes under the tip key (only the desk can read them), replies under a fresh key sealed to the
// source's reply key and to the desk's current key (src/client/reply.ts, as the CLI does).
import { sealReply } from '../../client/reply.ts';
import { fromBase64, sealMessage, toBase64 } from '../../crypto/index.ts';
import { h, lines } from '../client/dom.ts';
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';
import type { TipContext } from './tip.ts';

function onSubmit(id: string, work: (form: HTMLFormElement, text: HTMLTextAreaElement) => Promise<void>): void {
  const form = document.getElementById(id);
  if (!(form instanceof HTMLFormElement)) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = form.querySelector('textarea')!;
    void whileWorking(form, () => work(form, text)).catch(showError);
  });
}

export function enhanceCompose(tip: TipContext): void {
  onSubmit('note-form', async (_form, text) => {
    const body = toBase64(sealMessage(tip.tipKey, text.value));
    await api('POST', `/tips/${tip.tipId}/notes`, { body });
    // Shown from what was typed; the server only ever got the sealed copy.
    document.getElementById('notes')!.append(h('li', { class: 'note' }, h('p', { class: 'note-text' }, ...lines(text.value))));
    document.getElementById('no-notes')?.remove();
    text.value = '';
    showStatus(say('js.saved'));
  });

  onSubmit('reply-form', async (_form, text) => {
    const list = document.getElementById('conversation')!;
    const desk = tip.ring.desk(tip.deskId);
    if (!desk) throw new Error(say('js.noKey'));
    const sealed = sealReply(text.value, fromBase64(list.dataset.replyPublicKey!), fromBase64(desk.publicKey));
    await api('POST', `/tips/${tip.tipId}/replies`, {
      body: toBase64(sealed.body), sealedForSource: toBase64(sealed.sealedForSource),
      sealedForDesk: toBase64(sealed.sealedForDesk), deskKeyVersion: desk.keyVersion,
    });
    list.append(h('li', { class: 'conversation-reply' }, h('p', { class: 'reply-text' }, ...lines(text.value))));
    text.value = '';
    showStatus(say('js.sent'));
  });

  onSubmit('link-form', async (form, text) => {
    const draftId = (form.elements.namedItem('draftId') as HTMLSelectElement).value;
    const note = text.value.trim() ? toBase64(sealMessage(tip.tipKey, text.value)) : undefined;
    await api('POST', `/drafts/${draftId}/links`, { tipId: tip.tipId, ...(note ? { note } : {}) });
    showStatus(say('js.linked'));
    location.reload();
  });
}
