// The queue: decrypts each row's message preview in place, then hands the table to keyboard
// navigation and the bulk bar. Performance marks let bench/inbox-browser.ts read how long a page
// of tips takes to open (`tipline:inbox-decrypted`, measure `tipline:inbox-decrypt`; the mark
// `tipline:inbox-keys` falls between fetching the keyring and opening the rows).
import { enhanceBulk } from './bulk.ts';
import { enhanceInboxKeys } from './inbox-keys.ts';
import { keyring } from './keyring.ts';
import { say } from './messages.ts';
import { openText, openTipKey, previewOf } from './tip-crypto.ts';

export const DECRYPTED_MARK = 'tipline:inbox-decrypted';

export async function enhanceInbox(): Promise<void> {
  const table = document.getElementById('inbox');
  const rows = table ? [...table.querySelectorAll<HTMLTableRowElement>('tr.tip-row')] : [];
  if (table) {
    enhanceInboxKeys(table, rows);
    enhanceBulk(rows);
  }
  performance.mark('tipline:inbox-start');
  const ring = await keyring();
  performance.mark('tipline:inbox-keys');
  await Promise.all(rows.map(async (row) => {
    const cell = row.querySelector<HTMLElement>('.preview');
    if (!cell) return;
    const d = row.dataset;
    const tipKey = openTipKey(ring, d.deskId!, Number(d.keyVersion), d.sealedKey!);
    if (!tipKey) {
      cell.textContent = say('js.noKey');
      return;
    }
    try {
      // A message too long to come with the list (over 64 KiB) is read on the tip's page.
      cell.textContent = d.message ? previewOf(await openText(tipKey, d.message)) : say('js.longMessage');
      cell.classList.add('done');
    } catch {
      cell.textContent = say('js.decryptFailed');
    } finally {
      tipKey.fill(0);
    }
  }));
  performance.mark(DECRYPTED_MARK);
  performance.measure('tipline:inbox-decrypt', 'tipline:inbox-start', DECRYPTED_MARK);
  document.body.dataset.decrypted = String(rows.length);
}
