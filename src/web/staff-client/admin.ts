// /staff/admin: invitations (the link is shown once, from the API's answer), new desks (the key
// pair is made here and its secret sealed to each first member's public key and to a new offline
// recovery key, whose secret is shown once; then both are dropped),
// members, and the routing rules.
import { fromBase64, generateBoxKeyPair, sealToPublicKey, toBase64 } from '../../crypto/index.ts';
import { h } from '../client/dom.ts';
import { api } from './api.ts';
import { enhanceGrants } from './grants.ts';
import { say } from './messages.ts';
import { recoveryKeyText, recoveryWords } from './recovery-key.ts';
import { enhanceRouting } from './routing.ts';
import { showError, showStatus, whileWorking } from './status.ts';

function onSubmit(form: HTMLFormElement, work: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void whileWorking(form, work).catch(showError);
  });
}

function enhanceInvite(form: HTMLFormElement): void {
  onSubmit(form, async () => {
    const role = (form.elements.namedItem('role') as HTMLSelectElement).value;
    const deskIds = [...form.querySelectorAll<HTMLInputElement>('input[name="deskIds"]:checked')].map((i) => i.value);
    const invite = await api<{ path: string }>('POST', '/invites', { role, deskIds });
    document.getElementById('invite-link')!.textContent = `${location.origin}${invite.path}`;
    document.getElementById('invite-result')!.hidden = false;
    showStatus(say('js.inviteReady'));
  });
}

function enhanceCreateDesk(form: HTMLFormElement): void {
  onSubmit(form, async () => {
    const picked = [...form.querySelectorAll<HTMLInputElement>('input[name="members"]:checked')];
    if (picked.length === 0) return showStatus(say('js.pickMember'), 'error');
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const desk = generateBoxKeyPair();
    const recovery = generateBoxKeyPair();
    try {
      const members = picked.map((input) => ({
        staffId: input.value, sealedSecret: toBase64(sealToPublicKey(desk.secretKey, fromBase64(input.dataset.publicKey!))),
      }));
      await api('POST', '/desks', {
        slug: value('slug'), name: value('name'), description: value('description'), publicKey: toBase64(desk.publicKey), members,
        recoveryPublicKey: toBase64(recovery.publicKey), sealedForRecovery: toBase64(sealToPublicKey(desk.secretKey, recovery.publicKey)),
      });
      showRecoveryKey(form, recoveryKeyText(value('slug'), recovery), recoveryWords(recovery.secretKey));
    } finally {
      // The desk secret now exists only sealed; the recovery secret only on the screen.
      desk.secretKey.fill(0);
      recovery.secretKey.fill(0);
    }
    showStatus(say('js.deskCreated'));
  });
}

/** Shown once: the words to print, and the same as a text file for `tipline ... --recovery-key`. */
function showRecoveryKey(form: HTMLFormElement, text: string, words: string[]): void {
  form.hidden = true;
  document.getElementById('recovery-words')!.replaceChildren(...words.map((w) => h('li', {}, w)));
  const download = document.getElementById('recovery-download') as HTMLAnchorElement;
  download.href = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
  const section = document.getElementById('desk-recovery')!;
  section.hidden = false;
  section.querySelector<HTMLElement>('h3')?.focus();
}

function enhanceAddMember(form: HTMLFormElement): void {
  onSubmit(form, async () => {
    const staffId = (form.elements.namedItem('staffId') as HTMLSelectElement).value;
    await api('POST', `/desks/${form.dataset.deskId}/members`, { staffId });
    location.reload();
  });
}

export function enhanceAdmin(): void {
  const invite = document.getElementById('invite-form');
  if (invite instanceof HTMLFormElement) enhanceInvite(invite);
  const desk = document.getElementById('desk-form');
  if (desk instanceof HTMLFormElement) enhanceCreateDesk(desk);
  document.querySelectorAll<HTMLFormElement>('form.add-member-form').forEach(enhanceAddMember);
  const routing = document.getElementById('routing-form');
  if (routing instanceof HTMLFormElement) enhanceRouting(routing);
  enhanceGrants();
}
