// Internal notes: sealed under the tip key in the browser (so only the desk can read them) and
// never shown to the source. Reporters who may read the tip may add notes too.
import { sayer, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import type { TipView } from './tip-types.ts';

export function TipNotes({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  return (
    <section class="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">{say('tip.notes')}</h2>
      <p class="hint">{say('tip.notesExplain')}</p>
      <ol id="notes">
        {view.notes.map((n) => (
          <li class="note" data-body={n.body}>
            <p class="reply-day">{say('tip.noteBy', { name: n.authorName, at: n.createdAt.slice(0, 16).replace('T', ' ') })}</p>
            <p class="note-text">{say('inbox.locked')}</p>
          </li>
        ))}
      </ol>
      {view.notes.length === 0 ? <p id="no-notes">{say('tip.noNotes')}</p> : null}
      <form id="note-form">
        <Field id="note-text" label={say('tip.noteField')}>
          <textarea id="note-text" name="note" required maxlength={20000}></textarea>
        </Field>
        <JsSubmit label={say('tip.noteSubmit')} />
      </form>
    </section>
  );
}
