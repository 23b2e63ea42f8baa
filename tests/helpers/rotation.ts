// Desks with a recovery key for the rotation and offboarding tests, made as `tipline desk create`
// makes them (src/domain/rotation/recovery.ts).
import { generateBoxKeyPair, sealToPublicKey, type KeyPair } from '../../src/crypto/index.ts';
import { createDeskWithRecovery } from '../../src/domain/rotation/recovery.ts';
import type { TestApp } from './app.ts';

export interface RecoveredDesk extends KeyPair {
  id: string;
  slug: string;
  recovery: KeyPair;
}

/** A desk as `tipline desk create` makes it: key pair v1, recovery key, v1 sealed to it. */
export async function deskWithRecovery(t: TestApp, slug = 'investigations'): Promise<RecoveredDesk> {
  const keyPair = generateBoxKeyPair();
  const recovery = generateBoxKeyPair();
  const desk = await createDeskWithRecovery({
    ctx: t.ctx,
    input: {
      slug, name: `Desk ${slug}`, publicKey: keyPair.publicKey, actor: { kind: 'admin-cli' },
      recoveryPublicKey: recovery.publicKey, sealedForRecovery: sealToPublicKey(keyPair.secretKey, recovery.publicKey),
    },
  });
  return { ...keyPair, id: desk.id, slug, recovery };
}

