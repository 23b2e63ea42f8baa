// The admin page's people: who is on staff, and the invitation form (the link is shown once,
// by the bundle, from the API's answer; only its hash is stored).
import { STAFF_ROLES } from '../../domain/staff/roles.ts';
import type { AdminDesk, AdminStaffMember } from './AdminPage.tsx';
import { sayer, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';

export function StaffTable({ page, staff }: { page: StaffPage; staff: AdminStaffMember[] }) {
  const say = sayer(page);
  return (
    <table id="staff-table">
      <thead><tr><th>{say('col.username')}</th><th>{say('col.name')}</th><th>{say('col.role')}</th><th>{say('col.active')}</th></tr></thead>
      <tbody>
        {staff.map((s) => (
          <tr data-staff-id={s.id}>
            <td>{s.username}</td><td>{s.displayName}</td><td>{say(`role.${s.role}`)}</td><td>{say(s.active ? 'yes' : 'no')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function InviteForm({ page, desks }: { page: StaffPage; desks: AdminDesk[] }) {
  const say = sayer(page);
  return (
    <form id="invite-form">
      <Field id="invite-role" label={say('admin.inviteRole')}>
        <select id="invite-role" name="role">
          {STAFF_ROLES.map((role) => <option value={role} selected={role === 'editor'}>{say(`role.${role}`)}</option>)}
        </select>
      </Field>
      {desks.length ? (
        <fieldset>
          <legend>{say('admin.inviteDesks')}</legend>
          {desks.map((d) => (
            <div class="field check">
              <input type="checkbox" id={`invite-desk-${d.id}`} name="deskIds" value={d.id} />
              <label for={`invite-desk-${d.id}`}>{d.name}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <JsSubmit label={say('admin.inviteSubmit')} />
      <div id="invite-result" hidden>
        <p>{say('admin.inviteShown')}</p>
        <p><code class="invite-link" id="invite-link"></code></p>
      </div>
    </form>
  );
}
