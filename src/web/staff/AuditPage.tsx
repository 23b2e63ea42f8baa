// GET /staff/audit (admins): the audit trail, newest first, filtered by a plain GET form (every
// view is a link, and browsing works without the bundle) and paged by seq; and "verify now",
// which the bundle sends to POST /api/v1/staff/audit/verify with the checkpoint public keys the
// admin pastes from outside this server (what the server says about its own key proves nothing).
import { sayer, staffHref, type StaffPage } from './context.ts';
import { AuditTable } from './AuditTable.tsx';
import { ACTION_SUGGESTIONS, AUDIT_ACTOR_KINDS, auditQuery, type AuditPageView } from './audit-types.ts';
import { Field, JsSubmit } from './Field.tsx';
import { StaffLayout } from './StaffLayout.tsx';

const PATH = '/staff/audit';

export function AuditPage({ page, view, otherLanguageHref }: { page: StaffPage; view: AuditPageView; otherLanguageHref: string }) {
  const say = sayer(page);
  const filterHref = (extra: { actor?: string; subject?: string }) => staffHref(page, PATH, { ...auditQuery(view.filters), ...extra });
  return (
    <StaffLayout page={page} title={say('audit.title')} kind="audit" otherLanguageHref={otherLanguageHref}>
      <h1>{say('audit.title')}</h1>
      <p>{say('audit.explain')}</p>
      <AuditVerify page={page} />
      <h2>{say('audit.entries')}</h2>
      <AuditFilterForm page={page} view={view} />
      {view.rows.length === 0 ? <p id="audit-empty">{say('audit.empty')}</p> : (
        <AuditTable page={page} id="audit" rows={view.rows} caption={say('audit.caption')} filterHref={filterHref} showSubject />
      )}
      <nav class="pager" aria-label={say('audit.pages')}>
        {view.before !== null ? <a id="audit-newest" href={staffHref(page, PATH, auditQuery(view.filters))}>{say('audit.newest')}</a> : null}
        {view.next !== null ? <a id="audit-older" rel="next" href={staffHref(page, PATH, { ...auditQuery(view.filters), before: view.next })}>{say('audit.older')}</a> : null}
      </nav>
    </StaffLayout>
  );
}

function AuditFilterForm({ page, view }: { page: StaffPage; view: AuditPageView }) {
  const say = sayer(page);
  const f = view.filters;
  const kinds = AUDIT_ACTOR_KINDS.map((kind): [string, string] => [kind, say(`audit.actor.${kind}`)]);
  return (
    <form class="filters" id="audit-filters" method="get" action={PATH} aria-label={say('filter.title')}>
      {page.locale !== 'en' ? <input type="hidden" name="lang" value={page.locale} /> : null}
      <div class="field">
        <label for="audit-actor">{say('audit.actor')}</label>
        <select id="audit-actor" name="actor">
          <option value="">{say('filter.any')}</option>
          {[...view.actors.map((a): [string, string] => [a.value, a.name]), ...kinds].map(([value, name]) => (
            <option value={value} selected={f.actor === value}>{name}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="audit-action">{say('audit.action')}</label>
        <input type="text" id="audit-action" name="action" maxlength={200} value={f.action ?? ''} list="audit-actions" aria-describedby="audit-action-hint" />
        <datalist id="audit-actions">{ACTION_SUGGESTIONS.map((a) => <option value={a}></option>)}</datalist>
        <span class="hint" id="audit-action-hint">{say('audit.actionHint')}</span>
      </div>
      <div class="field">
        <label for="audit-subject">{say('audit.subject')}</label>
        <input type="text" id="audit-subject" name="subject" maxlength={200} value={f.subject ?? ''} />
      </div>
      <div class="field">
        <label for="audit-from">{say('audit.from')}</label>
        <input type="date" id="audit-from" name="from" value={f.from ?? ''} />
      </div>
      <div class="field">
        <label for="audit-to">{say('audit.to')}</label>
        <input type="date" id="audit-to" name="to" value={f.to ?? ''} />
      </div>
      <button type="submit">{say('filter.apply')}</button>
      <a href={staffHref(page, PATH)}>{say('filter.reset')}</a>
    </form>
  );
}

function AuditVerify({ page }: { page: StaffPage }) {
  const say = sayer(page);
  return (
    <section id="audit-verify" class="panel" aria-labelledby="audit-verify-title">
      <h2 id="audit-verify-title">{say('audit.verify')}</h2>
      <p>{say('audit.verifyExplain')}</p>
      <form id="verify-form">
        <Field id="verify-keys" label={say('audit.verifyKeys')} hint={say('audit.verifyKeysHint')}>
          <textarea id="verify-keys" name="publicKeys" class="short" aria-describedby="verify-keys-hint" spellcheck={false}></textarea>
        </Field>
        <JsSubmit label={say('audit.verifySubmit')} />
      </form>
      <div id="verify-result" tabindex={-1} aria-live="polite" hidden></div>
    </section>
  );
}
