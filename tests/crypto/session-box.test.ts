// The sealed no-JavaScript session: it opens under its key only, unaltered, and says nothing.
import { describe, expect, it } from 'vitest';
import { openSession, randomBytes, SEALED_SESSION_BYTES, sealSession } from '../../src/crypto/index.ts';

const contents = () => ({ sourceId: randomBytes(16), replySecretKey: randomBytes(32), expiryMinute: 29_876_543 });

describe('session box', () => {
  it('round-trips under its key, with a fresh nonce each time', () => {
    const key = randomBytes(32);
    const session = contents();
    const a = sealSession(key, session);
    const b = sealSession(key, session);
    expect(a.length).toBe(SEALED_SESSION_BYTES);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(openSession(key, a)).toEqual(session);
    // Neither the id nor the key appears in the sealed bytes.
    expect(Buffer.from(a).includes(Buffer.from(session.replySecretKey))).toBe(false);
    expect(Buffer.from(a).includes(Buffer.from(session.sourceId))).toBe(false);
  });

  it('opens nothing altered, truncated, extended or sealed under another key', () => {
    const key = randomBytes(32);
    const sealed = sealSession(key, contents());
    for (let i = 0; i < sealed.length; i += 7) {
      const flipped = sealed.slice();
      flipped[i]! ^= 1;
      expect(openSession(key, flipped), `byte ${i}`).toBeNull();
    }
    expect(openSession(key, sealed.subarray(0, sealed.length - 1))).toBeNull();
    expect(openSession(key, new Uint8Array([...sealed, 0]))).toBeNull();
    expect(openSession(randomBytes(32), sealed)).toBeNull();
    expect(openSession(key, new Uint8Array(0))).toBeNull();
  });

  it('refuses malformed contents when sealing', () => {
    const key = randomBytes(32);
    expect(() => sealSession(key, { ...contents(), sourceId: randomBytes(15) })).toThrow(/sourceId/);
    expect(() => sealSession(key, { ...contents(), replySecretKey: randomBytes(31) })).toThrow(/replySecretKey/);
    expect(() => sealSession(randomBytes(16), contents())).toThrow(/sessionKey/);
  });
});
