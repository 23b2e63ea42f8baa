// GET /staff/drafts/:id: the draft, editable by its owner (and editors), and the tips behind it
// that this viewer may read. Each link's note is sealed under its tip's key: the bundle opens
// the tip key from the desk key and the note from it (data attributes carry the ciphertext).
import type { DraftStatus } from '../../domain/drafts/drafts.ts';
import type { TipStatus } from '../../domain/staff/roles.ts';
import { sayer, staffHref, type StaffPage } from './context.ts';
import { DraftForm } from './DraftsPage.tsx';
import { StaffLayout } from './StaffLayout.tsx';

export interface DraftLinkView {
  tipId: string;
  deskId: string;
  receivedDay: string;
  status: TipStatus;
  keyVersion: number;
  sealedKey: string;
  /** base64 serialized part under the tip key, or null. */
  note: string | null;
  linkedByName: string;
}

export interface DraftPageProps {
  page: StaffPage;
  draft: { id: string; title: string; cmsRef: string; status: DraftStatus };
  links: DraftLinkView[];
  otherLanguageHref: string;
}

export function DraftPage({ page, draft, links, otherLanguageHref }: DraftPageProps) {
  const say = sayer(page);
  const title = say('draft.title', { title: draft.title });
  return (
    <StaffLayout page={page} title={title} kind="draft" otherLanguageHref={otherLanguageHref}>
      <h1>{title}</h1>
      <DraftForm page={page} id="draft-edit" submit={say('draft.save')} draft={draft} />
      <h2>{say('draft.tips')}</h2>
      {links.length === 0 ? <p>{say('draft.none')}</p> : (
        <ul id="draft-links">
          {links.map((l) => (
            <li class="draft-link" data-tip-id={l.tipId} data-desk-id={l.deskId} data-key-version={String(l.keyVersion)}
              data-sealed-key={l.sealedKey} data-note={l.note ?? ''}>
              <a href={staffHref(page, `/staff/tips/${l.tipId}`)}>{say('tip.title', { day: l.receivedDay })}</a>
              {' · '}{say(`status.${l.status}`)}{' · '}{l.linkedByName}
              {l.note ? <p class="note-text link-note">{say('inbox.locked')}</p> : null}
              <button type="button" class="secondary unlink-button" data-draft-id={draft.id} data-tip-id={l.tipId} disabled data-needs-js>{say('tip.unlink')}</button>
            </li>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
}
