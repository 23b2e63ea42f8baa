// Starting a rotation from the command line, which holds the current desk secret (from its key
// file, or opened with the recovery key) and the new key pair (already written to its key file
// by the caller: a crash after this commit must never leave a version whose secret nobody kept).
// The new secret is sealed here (crypto_box_seal) to every active member's personal key and to
// the recovery key; only the sealed copies reach the database.
import { sealToPublicKey, type KeyPair } from '../../crypto/index.ts';
import { equalBytes } from '../bytes.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { startRotation } from './start.ts';
import { activeMembers, loadDeskKeyState } from './state.ts';

export interface StartWithSecretInput {
  deskSlug: string;
  /** The desk's current key pair: proves the right to rotate. */
  current: KeyPair;
  next: KeyPair;
  /** A recovery key made with this rotation (the desk has none, or it replaces the old one). */
  newRecoveryPublicKey?: Uint8Array;
}

export async function startRotationWithSecret({ ctx, input }: { ctx: DomainContext; input: StartWithSecretInput }) {
  const desk = await loadDeskKeyState(ctx.db.read, { slug: input.deskSlug });
  if (!equalBytes(desk.publicKey, input.current.publicKey)) {
    throw new DomainError('invalid_input', `this is not the current key (version ${desk.currentVersion}) of desk ${desk.slug}`);
  }
  const recoveryPublicKey = input.newRecoveryPublicKey ?? desk.recoveryPublicKey;
  if (!recoveryPublicKey) throw new DomainError('invalid_input', `desk ${desk.slug} has no recovery key yet; make one with this rotation`);
  const members = await activeMembers(ctx.db.read, desk.id);
  return startRotation({
    ctx,
    input: {
      deskId: desk.id,
      publicKey: input.next.publicKey,
      sealedForRecovery: sealToPublicKey(input.next.secretKey, recoveryPublicKey),
      ...(input.newRecoveryPublicKey ? { recoveryPublicKey: input.newRecoveryPublicKey } : {}),
      grants: members.map((m) => ({ staffId: m.staffId, sealedSecret: sealToPublicKey(input.next.secretKey, m.publicKey) })),
      actor: { kind: 'admin-cli' },
    },
  });
}
