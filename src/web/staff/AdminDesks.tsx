// The admin page's desks: each with its members, who holds the key and who waits for it, a form
// to add a member; and the form that creates a desk (the bundle makes its key pair and seals the
// secret to the members picked, whose public keys the page lists, and to a new recovery key,
// shown once for printing).
import type { AdminDesk, AdminStaffMember } from './AdminPage.tsx';
import { sayer, staffHref, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import { PendingGrants } from './PendingGrants.tsx';

export function DeskList({ page, desks, staff }: { page: StaffPage; desks: AdminDesk[]; staff: AdminStaffMember[] }) {
  const say = sayer(page);
  const byId = new Map(staff.map((s) => [s.id, s]));
  if (desks.length === 0) return <p>{say('admin.noDesks')}</p>;
  return (
    <>
      {desks.map((desk) => {
        const memberIds = new Set(desk.members.map((m) => m.staffId));
        const waiting = desk.members.filter((m) => !m.hasCurrentKey).map((m) => byId.get(m.staffId)).filter((s) => s !== undefined);
        const candidates = staff.filter((s) => s.active && !memberIds.has(s.id));
        return (
          <section class="panel desk" data-desk-id={desk.id} data-desk-slug={desk.slug}>
            <h3>{desk.name} <small>({desk.slug})</small></h3>
            <ul class="desk-members">
              {desk.members.map((m) => (
                <li data-staff-id={m.staffId}>
                  {say('admin.memberKey', { name: byId.get(m.staffId)?.displayName ?? m.staffId, state: say(m.hasCurrentKey ? 'admin.hasKey' : 'admin.waitsForKey') })}
                </li>
              ))}
            </ul>
            <PendingGrants page={page} deskId={desk.id} keyVersion={desk.keyVersion}
              waiting={waiting.map((s) => ({ staffId: s.id, displayName: s.displayName, publicKey: s.publicKey }))} />
            {candidates.length ? (
              <form class="add-member-form" data-desk-id={desk.id}>
                <Field id={`add-member-${desk.id}`} label={say('admin.addMember')}>
                  <select id={`add-member-${desk.id}`} name="staffId">
                    {candidates.map((s) => <option value={s.id}>{s.displayName} ({s.username})</option>)}
                  </select>
                </Field>
                <JsSubmit label={say('admin.addMemberSubmit')} />
              </form>
            ) : null}
          </section>
        );
      })}
    </>
  );
}

export function CreateDeskForm({ page, staff }: { page: StaffPage; staff: AdminStaffMember[] }) {
  const say = sayer(page);
  return (
    <form id="desk-form">
      <p class="hint">{say('admin.deskExplain')}</p>
      <Field id="desk-slug" label={say('admin.deskSlug')}>
        <input type="text" id="desk-slug" name="slug" pattern="[a-z0-9][a-z0-9\-]{0,38}[a-z0-9]?" required autocapitalize="none" spellcheck={false} />
      </Field>
      <Field id="desk-name" label={say('admin.deskName')}>
        <input type="text" id="desk-name" name="name" maxlength={120} required />
      </Field>
      <Field id="desk-description" label={say('admin.deskDescription')}>
        <textarea id="desk-description" name="description" maxlength={2000}></textarea>
      </Field>
      <fieldset>
        <legend>{say('admin.deskMembers')}</legend>
        {staff.filter((s) => s.active).map((s) => (
          <div class="field check">
            <input type="checkbox" id={`desk-member-${s.id}`} name="members" value={s.id} data-public-key={s.publicKey} checked={s.id === page.me?.id} />
            <label for={`desk-member-${s.id}`}>{s.displayName} ({s.username})</label>
          </div>
        ))}
      </fieldset>
      <JsSubmit label={say('admin.deskSubmit')} />
    </form>
  );
}

/** Filled by the bundle once the desk exists: its recovery key, shown this once. */
export function DeskRecoveryKey({ page }: { page: StaffPage }) {
  const say = sayer(page);
  return (
    <section id="desk-recovery" class="panel" hidden>
      <h3 tabindex={-1}>{say('admin.recoveryTitle')}</h3>
      <p class="notice">{say('admin.recoveryExplain')}</p>
      <ol id="recovery-words" class="recovery-codes"></ol>
      <p><a id="recovery-download" download="desk-recovery-key.txt" href="#">{say('admin.recoveryDownload')}</a></p>
      <p><a id="recovery-done" href={staffHref(page, '/staff/admin')}>{say('admin.recoveryDone')}</a></p>
    </section>
  );
}
