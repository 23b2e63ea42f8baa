// Drafts: create and edit (titles are staff-written, sent as they are), unlink a tip, and open
// each link's note, which is sealed under its tip's key and decrypted here for display only.
import { api } from './api.ts';
import { keyring } from './keyring.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';
import { openText, openTipKey } from './tip-crypto.ts';

function draftFields(form: HTMLFormElement) {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
  return { title: value('title'), cmsRef: value('cmsRef'), status: value('status') };
}

function enhanceDraftForm(form: HTMLFormElement): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const draftId = form.dataset.draftId;
    void whileWorking(form, async () => {
      if (draftId) {
        await api('PATCH', `/drafts/${draftId}`, draftFields(form));
        showStatus(say('js.saved'));
        return;
      }
      const created = await api<{ id: string }>('POST', '/drafts', draftFields(form));
      const lang = document.documentElement.lang === 'ko' ? '?lang=ko' : '';
      location.assign(`/staff/drafts/${created.id}${lang}`);
    }).catch(showError);
  });
}

async function openLinkNotes(): Promise<void> {
  const items = [...document.querySelectorAll<HTMLElement>('li.draft-link')].filter((li) => li.dataset.note);
  if (items.length === 0) return;
  const ring = await keyring();
  for (const li of items) {
    const target = li.querySelector('.link-note');
    const tipKey = openTipKey(ring, li.dataset.deskId!, Number(li.dataset.keyVersion), li.dataset.sealedKey!);
    if (!target) continue;
    if (!tipKey) {
      target.textContent = say('js.noKey');
      continue;
    }
    target.textContent = await openText(tipKey, li.dataset.note!).catch(() => say('js.decryptFailed'));
    tipKey.fill(0);
  }
}

export async function enhanceDraftPages(): Promise<void> {
  for (const id of ['draft-form', 'draft-edit']) {
    const form = document.getElementById(id);
    if (form instanceof HTMLFormElement) enhanceDraftForm(form);
  }
  document.querySelectorAll<HTMLButtonElement>('button.unlink-button').forEach((button) => button.addEventListener('click', () => {
    void api('DELETE', `/drafts/${button.dataset.draftId}/links/${button.dataset.tipId}`)
      .then(() => button.closest('li')?.remove(), showError);
  }));
  await openLinkNotes();
}
