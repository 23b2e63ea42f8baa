// Members of a desk who wait for its key: a member who holds it grants it with one click (the
// bundle opens the desk secret from their own grant and seals it to the waiting member's public
// key; the server only stores the sealed copy). Shown to admins and on the desk's inbox.
import { sayer, type StaffPage } from './context.ts';

export interface PendingMember {
  staffId: string;
  displayName: string;
  /** base64, what the desk secret is sealed to. */
  publicKey: string;
}

export function PendingGrants({ page, deskId, keyVersion, waiting }: { page: StaffPage; deskId: string; keyVersion: number; waiting: PendingMember[] }) {
  const say = sayer(page);
  if (waiting.length === 0) return null;
  return (
    <div class="pending-grants" data-desk-id={deskId} data-key-version={String(keyVersion)}>
      <h3>{say('grants.title')}</h3>
      <p class="hint">{say('grants.explain')}</p>
      <ul>
        {waiting.map((m) => (
          <li>
            <button type="button" class="secondary grant-button" data-staff-id={m.staffId} data-public-key={m.publicKey} disabled data-needs-js>
              {say('grants.grant', { name: m.displayName })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
