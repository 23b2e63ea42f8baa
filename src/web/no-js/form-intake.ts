// A tip from the no-JavaScript form, from plaintext to stored ciphertext: strip every file,
// make the codename and its keys (first tip), seal everything to the desk key, store it all in
// one transaction. This is the one place where the server holds a source's plaintext (the
// stated limit of the no-JavaScript path, README); it lives in memory for this call only and
// the buffers this code owns are zeroed before it returns, whatever happens.
import { newTipKey, sealToPublicKey } from '../../crypto/index.ts';
import { codenameWordlist, generateCodename } from '../../domain/codename.ts';
import type { DomainContext } from '../../domain/context.ts';
import type { PublicDesk } from '../../domain/desks.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/locales.ts';
import { receiveSealedTip } from '../../domain/form-tip.ts';
import { resolveRoute, type RouteRequest } from '../../domain/routing/route.ts';
import type { TipSource } from '../../domain/tip-record.ts';
import type { FileReport } from '../pages/Confirmation.tsx';
import { sealContent } from './seal-tip.ts';
import { deriveCodenameKeys } from './source-login.ts';
import { prepareFiles, type FileProblem, type LoadedFile, type PreparedFile, type UploadedFile } from './strip-files.ts';

export interface FormTip {
  message: string;
  files: UploadedFile[];
  allowUnsupported: boolean;
}

export type FormTipResult = { ok: true; codename?: string; files: FileReport[] } | { ok: false; problem: FileProblem };

export interface FormTipTarget {
  desk: PublicDesk;
  /** Reads the desk again when its key changed (or the conversation moved) while we sealed. */
  refreshDesk(): Promise<PublicDesk>;
  /**
   * A first tip makes a new codename, in the words of the page's language (English when not
   * given); a follow-up names the session's source.
   */
  source: { kind: 'new'; locale?: Locale } | { kind: 'follow-up'; sourceId: string };
  /**
   * A first tip's choices for the routing rules (src/web/no-js/route-form.ts): it is sealed to
   * the desk they route to, which may not be `desk`, the one the source picked.
   */
  routing?: Omit<RouteRequest, 'chosenDesk' | 'hasFiles'>;
}

export async function sendFormTip(ctx: DomainContext, target: FormTipTarget, tip: FormTip): Promise<FormTipResult> {
  const loaded: LoadedFile[] = [];
  try {
    for (const file of tip.files) loaded.push({ name: file.name, type: file.type, bytes: new Uint8Array(await file.blob.arrayBuffer()) });
    const prepared = await prepareFiles(loaded, tip.allowUnsupported);
    if (!prepared.ok) return prepared;
    const report = prepared.files.map(reportOf);
    if (target.source.kind === 'follow-up') {
      await store(ctx, target, tip.message, prepared.files, { kind: 'follow-up', ref: { sourceId: target.source.sourceId } });
      return { ok: true, files: report };
    }
    const codename = generateCodename(codenameWordlist(target.source.locale ?? 'en'));
    const keys = await deriveCodenameKeys(ctx, codename);
    try {
      await store(ctx, target, tip.message, prepared.files, { kind: 'new', lookupKey: keys.lookupKey, replyPublicKey: keys.reply.publicKey });
    } finally {
      keys.lookupKey.fill(0);
      keys.reply.secretKey.fill(0);
    }
    return { ok: true, codename, files: report };
  } finally {
    // The loaded bytes are ours (copied out of the form); stripped output that is a view of
    // them goes with them. Strippers' own copies are left to the garbage collector.
    for (const file of loaded) file.bytes.fill(0);
  }
}

async function store(ctx: DomainContext, target: FormTipTarget, message: string, files: PreparedFile[], source: TipSource) {
  const tipKey = newTipKey();
  // The route is evaluated here, before sealing, as a browser asks GET /api/v1/route; follow-ups
  // stay with their conversation's desk. Intake checks it again in its transaction.
  const routing = source.kind === 'new' ? { ...target.routing, chosenDesk: target.desk.slug, hasFiles: files.length > 0 } : undefined;
  const deskNow = () => (routing ? resolveRoute({ ctx, input: routing }) : target.refreshDesk());
  try {
    const sealed = await sealContent(tipKey, message, files);
    let desk = routing ? await deskNow() : target.desk;
    for (let attempt = 0; ; attempt++) {
      try {
        const input = { deskSlug: desk.slug, keyVersion: desk.keyVersion, sealedKey: sealToPublicKey(tipKey, desk.publicKey), ...sealed, source, routing };
        return await receiveSealedTip({ ctx, input });
      } catch (error) {
        // A key rotation, a moved conversation or a rule change between reading the desk and
        // storing: only the tip key needs sealing again, once.
        const retry = error instanceof DomainError && (error.code === 'stale_key' || error.code === 'conversation_moved' || error.code === 'rerouted');
        if (!retry || attempt > 0) throw error;
        desk = await deskNow();
      }
    }
  } finally {
    tipKey.fill(0);
  }
}

function reportOf(file: PreparedFile): FileReport {
  return { name: file.header.name, metadata: file.metadata, removed: file.removed };
}
