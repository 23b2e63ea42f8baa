// Opening a stored tip with a desk secret key, part by part, as streams. Used by export; the
// server itself never holds a desk secret and never runs this.
import { openPartChunks, openSealed, type KeyPair, type OpenedPart } from '../crypto/index.ts';
import type { Queryable } from '../db/database.ts';
import { readPartChunks } from '../domain/parts.ts';
import type { StoredTip } from '../domain/tip-reading.ts';

export interface DeskSecret {
  keyVersion: number;
  keyPair: KeyPair;
}

export class KeyVersionMismatch extends Error {
  override readonly name = 'KeyVersionMismatch';
}

/**
 * Yields each finished part opened (header known, content streaming). The caller must consume
 * `content` to the end before asking for the next part: only then is every chunk verified.
 */
export async function* openStoredTip(db: Queryable, tip: StoredTip, secret: DeskSecret): AsyncGenerator<OpenedPart> {
  if (tip.keyVersion !== secret.keyVersion) {
    throw new KeyVersionMismatch(`sealed to desk key version ${tip.keyVersion}, the key file holds version ${secret.keyVersion}`);
  }
  const tipKey = openSealed(tip.sealedKey, secret.keyPair);
  for (const part of tip.parts) {
    if (part.state !== 'complete') continue;
    yield await openPartChunks(tipKey, part.noncePrefix, part.chunkCount, readPartChunks(db, part.id, part.chunkCount));
  }
}
