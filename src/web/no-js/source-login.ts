// Codenames on the server, for sources without JavaScript: deriving their keys (the same
// scrypt the browser runs, with the instance salt) and logging in. The codename and the keys
// exist in memory for the request only; callers wipe what they are handed.
import { deriveSourceKeys, type SourceKeys } from '../../crypto/index.ts';
import { normaliseCodename } from '../../domain/codename.ts';
import type { DomainContext } from '../../domain/context.ts';
import { instanceSecret } from '../../domain/instance.ts';
import { lookUpSource } from '../../domain/sources.ts';

/** Far longer than any codename; longer input is cut so it cannot make the work unbounded. */
const MAX_CODENAME_INPUT = 1000;
/** Derived from when nothing usable was typed, so that the work (and the time) is the same. */
const PLACEHOLDER = 'tipline placeholder codename';

export async function deriveCodenameKeys(ctx: DomainContext, codename: string): Promise<SourceKeys> {
  return deriveSourceKeys(normaliseCodename(codename), await instanceSecret(ctx, 'kdf_salt'));
}

export interface LoggedIn {
  sourceId: string;
  replySecretKey: Uint8Array;
}

/**
 * Always runs the KDF and the lookup, whatever was typed: an empty, malformed, unknown or
 * wrong codename costs the same and answers the same (null).
 */
export async function logIn(ctx: DomainContext, typed: string): Promise<LoggedIn | null> {
  const normalised = normaliseCodename(typed.slice(0, MAX_CODENAME_INPUT));
  const keys = await deriveCodenameKeys(ctx, normalised || PLACEHOLDER);
  try {
    const found = await lookUpSource({ ctx, input: { lookupKey: keys.lookupKey } });
    if (!found || !normalised) {
      keys.reply.secretKey.fill(0);
      return null;
    }
    return { sourceId: found.sourceId, replySecretKey: keys.reply.secretKey };
  } finally {
    keys.lookupKey.fill(0);
  }
}
