// The drafts this tip feeds (their link notes sealed under the tip key), and a form to link it
// to one of my drafts with a note the bundle seals the same way.
import { sayer, staffHref, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import type { TipView } from './tip-types.ts';

export function TipDrafts({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  const linked = new Set(view.draftLinks.map((l) => l.draftId));
  const linkable = view.myDrafts.filter((d) => !linked.has(d.id));
  return (
    <section class="panel" aria-labelledby="drafts-title">
      <h2 id="drafts-title">{say('tip.drafts')}</h2>
      {view.draftLinks.length === 0 ? <p>{say('tip.noDraftLinks')}</p> : (
        <ul id="tip-draft-links">
          {view.draftLinks.map((l) => (
            <li class="tip-draft-link" data-draft-id={l.draftId} data-note={l.note ?? ''}>
              <a href={staffHref(page, `/staff/drafts/${l.draftId}`)}>{l.title}</a> · {say(`draftStatus.${l.status}`)} · {l.linkedByName}
              {l.note ? <p class="note-text link-note">{say('inbox.locked')}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {linkable.length ? (
        <form id="link-form">
          <Field id="link-draft" label={say('tip.linkDraft')}>
            <select id="link-draft" name="draftId">{linkable.map((d) => <option value={d.id}>{d.title}</option>)}</select>
          </Field>
          <Field id="link-note" label={say('tip.linkNote')}>
            <textarea id="link-note" name="note" maxlength={4000}></textarea>
          </Field>
          <JsSubmit label={say('tip.linkSubmit')} />
        </form>
      ) : null}
    </section>
  );
}
