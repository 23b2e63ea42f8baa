// /staff/audit: "verify now". The checkpoint public keys come from what the admin pastes (their
// own records, never this server: a key the server hands out would vouch for itself), are
// checked for shape here, and go to POST /audit/verify with the CSRF token. The answer is shown
// as text: intact with the head hash, or the first entry that does not fit, with a link that
// lists the trail from that entry down.
import { fromBase64, SIGNING_PUBLIC_KEY_BYTES } from '../../crypto/index.ts';
import { h } from '../client/dom.ts';
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';

type Problem = 'edited' | 'missing' | 'inserted_or_reordered' | 'bad_seq' | 'truncated' | 'rewritten' | 'bad_signature';

interface Checkpoints {
  count: number;
  signaturesChecked: boolean;
  last: { seq: number; at: string } | null;
}

type Verification =
  | { ok: true; entries: number; headHash: string; checkpoints: Checkpoints }
  | { ok: false; entries: number; seq: number; problem: Problem; message: string; checkpoints: Checkpoints };

/** The pasted keys, one per line (commas and spaces also separate); throws naming the first that is not a key. */
function pastedKeys(text: string): string[] {
  const keys = text.split(/[\s,]+/).filter(Boolean);
  for (const key of keys) {
    let bytes: Uint8Array | null = null;
    try {
      bytes = fromBase64(key);
    } catch {
      bytes = null;
    }
    if (bytes?.length !== SIGNING_PUBLIC_KEY_BYTES) throw new Error(say('js.badKey', { key: key.length > 60 ? `${key.slice(0, 60)}…` : key }));
  }
  return keys;
}

/** This page's address listing the trail from entry `seq` down (filters dropped: the entry must show). */
function entryHref(seq: number): string {
  const lang = document.documentElement.lang === 'ko' ? '&lang=ko' : '';
  return `/staff/audit?before=${seq + 1}${lang}`;
}

function checkpointLines(c: Checkpoints): HTMLElement[] {
  if (c.count === 0 || !c.last) return [h('p', {}, say('js.auditNoCheckpoints'))];
  return [
    h('p', {}, say('js.auditCheckpoints', { count: c.count, seq: c.last.seq, at: c.last.at })),
    h('p', {}, say(c.signaturesChecked ? 'js.auditSignaturesChecked' : 'js.auditSignaturesUnchecked')),
  ];
}

function show(target: HTMLElement, result: Verification): void {
  if (result.ok) {
    target.className = 'notice audit-ok';
    target.replaceChildren(h('p', { id: 'verify-verdict' }, say('js.auditOk', { entries: result.entries, hash: result.headHash })), ...checkpointLines(result.checkpoints));
  } else {
    target.className = 'notice audit-broken';
    target.replaceChildren(
      h('p', { id: 'verify-verdict', 'data-seq': String(result.seq), 'data-problem': result.problem },
        say('js.auditBroken', { seq: result.seq, problem: say(`js.auditProblem.${result.problem}`) })),
      h('p', {}, h('code', {}, result.message)),
      h('p', {}, h('a', { id: 'verify-entry', href: entryHref(result.seq) }, say('js.auditShowEntry', { seq: result.seq }))),
      ...checkpointLines(result.checkpoints),
    );
  }
  target.hidden = false;
}

export function enhanceAudit(): void {
  const form = document.getElementById('verify-form');
  const target = document.getElementById('verify-result');
  if (!(form instanceof HTMLFormElement) || !target) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void whileWorking(form, async () => {
      const keys = pastedKeys((form.elements.namedItem('publicKeys') as HTMLTextAreaElement).value);
      target.hidden = true;
      showStatus(say('js.verifying'));
      const result = await api<Verification>('POST', '/audit/verify', keys.length ? { publicKeys: keys } : {});
      showStatus('');
      show(target, result);
      target.focus();
    }).catch(showError);
  });
}
