// GET /staff/drafts: my drafts (editors may list everyone's with ?owner=all), and a new one.
// Titles and CMS references are staff-written, not source content: they are stored in clear.
import { DRAFT_STATUSES, type DraftStatus } from '../../domain/drafts/drafts.ts';
import { sayer, staffHref, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import { StaffLayout } from './StaffLayout.tsx';

export interface DraftSummary {
  id: string;
  title: string;
  cmsRef: string;
  status: DraftStatus;
  ownerName: string;
  tipCount: number;
}

export function DraftsPage({ page, drafts, otherLanguageHref }: { page: StaffPage; drafts: DraftSummary[]; otherLanguageHref: string }) {
  const say = sayer(page);
  return (
    <StaffLayout page={page} title={say('drafts.title')} kind="drafts" otherLanguageHref={otherLanguageHref}>
      <h1>{say('drafts.title')}</h1>
      {drafts.length === 0 ? <p>{say('drafts.empty')}</p> : (
        <ul id="draft-list">
          {drafts.map((d) => (
            <li data-draft-id={d.id}>
              <a href={staffHref(page, `/staff/drafts/${d.id}`)}>{d.title}</a>
              {' · '}{say(`draftStatus.${d.status}`)}{' · '}{say('drafts.tips', { count: d.tipCount })}
              {d.cmsRef ? <> · <span>{d.cmsRef}</span></> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>{say('drafts.create')}</h2>
      <DraftForm page={page} id="draft-form" submit={say('drafts.submit')} />
    </StaffLayout>
  );
}

export function DraftForm({ page, id, submit, draft }: { page: StaffPage; id: string; submit: string; draft?: { id: string; title: string; cmsRef: string; status: DraftStatus } }) {
  const say = sayer(page);
  return (
    <form id={id} data-draft-id={draft?.id ?? ''}>
      <Field id={`${id}-title`} label={say('drafts.titleField')}>
        <input type="text" id={`${id}-title`} name="title" maxlength={200} required value={draft?.title ?? ''} />
      </Field>
      <Field id={`${id}-cms`} label={say('drafts.cmsRef')}>
        <input type="text" id={`${id}-cms`} name="cmsRef" maxlength={500} value={draft?.cmsRef ?? ''} />
      </Field>
      <Field id={`${id}-status`} label={say('drafts.status')}>
        <select id={`${id}-status`} name="status">
          {DRAFT_STATUSES.map((s) => <option value={s} selected={(draft?.status ?? 'idea') === s}>{say(`draftStatus.${s}`)}</option>)}
        </select>
      </Field>
      <JsSubmit label={submit} />
    </form>
  );
}
