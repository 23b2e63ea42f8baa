// Moving a tip to another desk: the bundle opens the tip keys (every tip of the conversation)
// and reply keys with this desk's key and seals them to the target desk's public key; the
// server swaps the sealed keys and the conversation follows.
import { sayer, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import type { TipView } from './tip-types.ts';

export function TipMove({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  const targets = view.moveTargets.filter((d) => d.id !== view.tip.deskId);
  if (!view.canTriage || targets.length === 0) return null;
  return (
    <form id="move-form" class="panel">
      <h2>{say('tip.move')}</h2>
      <p class="hint">{say('tip.moveExplain')}</p>
      <Field id="move-desk" label={say('tip.moveTo')}>
        <select id="move-desk" name="targetDeskId">
          {targets.map((d) => <option value={d.id} data-public-key={d.publicKey} data-key-version={String(d.keyVersion)}>{d.name}</option>)}
        </select>
      </Field>
      <JsSubmit label={say('tip.moveSubmit')} />
    </form>
  );
}
