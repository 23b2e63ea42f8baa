// Granting a desk key to a member who waits for it: the desk secret is opened from this member's
// own grant (in memory), sealed to the waiting member's public key, and only the sealed copy is
// posted. The server could not do this: it never holds a desk secret.
import { fromBase64, sealToPublicKey, toBase64 } from '../../crypto/index.ts';
import { api } from './api.ts';
import { keyring } from './keyring.ts';
import { say } from './messages.ts';
import { showError, showStatus } from './status.ts';

export function enhanceGrants(root: ParentNode = document): void {
  for (const block of root.querySelectorAll<HTMLElement>('.pending-grants')) {
    const deskId = block.dataset.deskId!;
    const version = Number(block.dataset.keyVersion);
    for (const button of block.querySelectorAll<HTMLButtonElement>('button.grant-button')) {
      button.addEventListener('click', () => {
        button.disabled = true;
        void (async () => {
          const deskKey = (await keyring()).deskKey(deskId, version);
          if (!deskKey) return showStatus(say('js.noKey'), 'error');
          const sealedSecret = sealToPublicKey(deskKey.secretKey, fromBase64(button.dataset.publicKey!));
          await api('POST', `/desks/${deskId}/grants`, { staffId: button.dataset.staffId, version, sealedSecret: toBase64(sealedSecret) });
          button.closest('li')?.remove();
          showStatus(say('js.granted'));
        })().catch((error: unknown) => {
          button.disabled = false;
          showError(error);
        });
      });
    }
  }
}
