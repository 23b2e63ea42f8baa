// The tip page: opens the tip key with the desk key (from this member's grant), decrypts the
// message, the conversation, the notes and the draft-link notes into text nodes, then wires the
// forms. Nothing decrypted is sent back: the forms seal what staff write (compose.ts).
import { openReply } from '../../client/reply.ts';
import { fromBase64 } from '../../crypto/index.ts';
import { lines } from '../client/dom.ts';
import { enhanceCompose } from './compose.ts';
import { enhanceFiles } from './files.ts';
import { keyring, type Keyring } from './keyring.ts';
import { say } from './messages.ts';
import { enhanceMove } from './move.ts';
import { showStatus } from './status.ts';
import { openText, openTipKey } from './tip-crypto.ts';
import { enhanceTriage } from './triage.ts';

export interface TipContext {
  tipId: string;
  deskId: string;
  tipKey: Uint8Array;
  ring: Keyring;
}

async function fill(target: Element | null, open: () => Promise<string>): Promise<void> {
  if (!target) return;
  try {
    target.replaceChildren(...lines(await open()));
  } catch {
    target.textContent = say('js.decryptFailed');
  }
}

async function openConversation(ring: Keyring, deskId: string): Promise<void> {
  for (const li of document.querySelectorAll<HTMLElement>('#conversation > li')) {
    const d = li.dataset;
    const text = li.querySelector('.message-text, .reply-text');
    if (li.classList.contains('conversation-reply')) {
      const deskKey = ring.deskKey(deskId, Number(d.keyVersion));
      await fill(text, () => (deskKey ? openReply(fromBase64(d.message!), fromBase64(d.sealedKey!), deskKey) : Promise.reject(new Error())));
    } else {
      const key = openTipKey(ring, deskId, Number(d.keyVersion), d.sealedKey!);
      await fill(text, () => (key && d.message ? openText(key, d.message) : Promise.reject(new Error())));
      key?.fill(0);
    }
  }
}

export async function enhanceTip(): Promise<void> {
  const root = document.getElementById('tip');
  if (!root) return;
  const d = root.dataset;
  const ring = await keyring();
  enhanceTriage();
  const tipKey = openTipKey(ring, d.deskId!, Number(d.keyVersion), d.sealedKey!);
  if (!tipKey) return showStatus(say('js.noKey'), 'error');
  const tip: TipContext = { tipId: d.tipId!, deskId: d.deskId!, tipKey, ring };
  await fill(document.getElementById('tip-message'), () => (d.message ? openText(tipKey, d.message) : Promise.reject(new Error())));
  for (const note of document.querySelectorAll<HTMLElement>('#notes > li.note')) {
    await fill(note.querySelector('.note-text'), () => openText(tipKey, note.dataset.body!));
  }
  for (const link of document.querySelectorAll<HTMLElement>('li.tip-draft-link')) {
    if (link.dataset.note) await fill(link.querySelector('.link-note'), () => openText(tipKey, link.dataset.note!));
  }
  await openConversation(ring, tip.deskId);
  enhanceFiles(tip);
  enhanceCompose(tip);
  enhanceMove(tip);
  document.body.dataset.decrypted = 'tip';
}
