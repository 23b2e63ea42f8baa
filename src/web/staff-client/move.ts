// Moving a tip: every tip key of the conversation (or the single tip's) and every reply's desk
// copy is opened with this desk's key and sealed to the target desk's public key, here; the
// server receives only the new sealed copies and checks the set is complete.
import { fromBase64, openSealed, sealToPublicKey, toBase64 } from '../../crypto/index.ts';
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';
import type { TipContext } from './tip.ts';

function reseal(tip: TipContext, version: number, sealed: string, target: Uint8Array): string {
  const deskKey = tip.ring.deskKey(tip.deskId, version);
  if (!deskKey) throw new Error(say('js.noKey'));
  const key = openSealed(fromBase64(sealed), deskKey);
  try {
    return toBase64(sealToPublicKey(key, target));
  } finally {
    key.fill(0);
  }
}

export function enhanceMove(tip: TipContext): void {
  const form = document.getElementById('move-form');
  if (!(form instanceof HTMLFormElement)) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const option = (form.elements.namedItem('targetDeskId') as HTMLSelectElement).selectedOptions[0]!;
    const target = fromBase64(option.dataset.publicKey!);
    const keyVersion = Number(option.dataset.keyVersion);
    void whileWorking(form, async () => {
      const root = document.getElementById('tip')!.dataset;
      const conversationTips = [...document.querySelectorAll<HTMLElement>('#conversation > li.conversation-tip')];
      const tipsToMove = conversationTips.length
        ? conversationTips.map((li) => ({ tipId: li.dataset.tipId!, version: Number(li.dataset.keyVersion), sealed: li.dataset.sealedKey! }))
        : [{ tipId: tip.tipId, version: Number(root.keyVersion), sealed: root.sealedKey! }];
      const replies = [...document.querySelectorAll<HTMLElement>('#conversation > li.conversation-reply[data-reply-id]')];
      await api('POST', `/tips/${tip.tipId}/move`, {
        targetDeskId: option.value,
        tips: tipsToMove.map((t) => ({ tipId: t.tipId, keyVersion, sealedKey: reseal(tip, t.version, t.sealed, target) })),
        replies: replies.map((li) => ({
          replyId: li.dataset.replyId!, deskKeyVersion: keyVersion, sealedForDesk: reseal(tip, Number(li.dataset.keyVersion), li.dataset.sealedKey!, target),
        })),
      });
      showStatus(say('js.moved'));
      location.assign(document.documentElement.lang === 'ko' ? '/staff?lang=ko' : '/staff');
    }).catch(showError);
  });
}
