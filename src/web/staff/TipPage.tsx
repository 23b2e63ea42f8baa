// GET /staff/tips/:id: the decrypted message, files with their stripping reports, the whole
// conversation and the reply form; beside it triage, internal notes, drafts and moving. The page
// carries ciphertext; the bundle opens it with the desk key from this member's grant. Editors
// (members of the tip's desk) also get the desk's label set and the tip's history.
import { sayer, staffHref, type StaffPage } from './context.ts';
import { DeskKeys, type DeskKeyGrants } from './DeskKeys.tsx';
import { StaffLayout } from './StaffLayout.tsx';
import { TipConversation } from './TipConversation.tsx';
import { TipDrafts } from './TipDrafts.tsx';
import { TipFiles } from './TipFiles.tsx';
import { TipHistory } from './TipHistory.tsx';
import { TipLabels } from './TipLabels.tsx';
import { TipMove } from './TipMove.tsx';
import { TipNotes } from './TipNotes.tsx';
import { TipTriage } from './TipTriage.tsx';
import type { TipHistoryView } from './audit-types.ts';
import type { TipView } from './tip-types.ts';

export interface TipPageProps {
  page: StaffPage;
  view: TipView;
  deskKeys: DeskKeyGrants[];
  /** The newest history entries; null for those who may not read the history (reporters). */
  history: TipHistoryView | null;
  otherLanguageHref: string;
}

export function TipPage({ page, view, deskKeys, history, otherLanguageHref }: TipPageProps) {
  const say = sayer(page);
  const { tip } = view;
  const title = say('tip.title', { day: tip.receivedDay });
  return (
    <StaffLayout page={page} title={title} kind="tip" otherLanguageHref={otherLanguageHref}>
      <DeskKeys desks={deskKeys} />
      <p><a href={staffHref(page, '/staff')}>{say('tip.back')}</a></p>
      <h1>{title} · {tip.deskName}</h1>
      <div class="two-col">
        <div id="tip" data-tip-id={tip.id} data-desk-id={tip.deskId} data-key-version={String(tip.keyVersion)}
          data-sealed-key={tip.sealedKey} data-message={tip.message ?? ''}>
          {tip.urgent ? <p class="notice">{say('tip.urgent')}</p> : null}
          {tip.topic ? <p>{say('tip.topic', { topic: tip.topic })}</p> : null}
          <section aria-labelledby="message-title">
            <h2 id="message-title">{say('tip.message')}</h2>
            <p id="tip-message" class="message-text">{say('inbox.locked')}</p>
          </section>
          <TipFiles page={page} view={view} />
          <TipConversation page={page} view={view} />
        </div>
        <div>
          {view.canTriage ? <TipTriage page={page} view={view} /> : null}
          {view.canTriage ? <TipLabels page={page} view={view} /> : null}
          <TipNotes page={page} view={view} />
          <TipDrafts page={page} view={view} />
          <TipMove page={page} view={view} />
        </div>
      </div>
      {history ? <TipHistory page={page} history={history} /> : null}
    </StaffLayout>
  );
}
