// SealPool (src/client/seal-pool.ts): chunks sealed on several lanes come back in order and
// byte for byte equal to sealPartChunks for the same key and nonce prefix, whatever order the
// lanes answer in, with a bounded number of pieces out; lanes that cannot start or never start
// leave the work to this thread, one that dies fails the part (the uploader resumes); key
// copies are dropped when a part ends.
import { describe, expect, it } from 'vitest';
import { seededBytes } from '../crypto/helpers.ts';
import { LaneLostError, SealPool } from '../../src/client/seal-pool.ts';
import { EnvelopeError, newNoncePrefix, newTipKey, openPartChunks, sealPartChunks, type PartHeader } from '../../src/crypto/index.ts';
import { fakeLanes } from './lanes.ts';

const header = (size: number): PartHeader => ({ kind: 'file', name: 'ledger.xlsx', type: 'application/octet-stream', size });

/** The content as a file reader gives it: 1 MiB pieces, asynchronously. */
async function* pieces(bytes: Uint8Array, size = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    await Promise.resolve();
    yield bytes.subarray(at, at + size);
  }
}

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const hexes = (chunks: Array<Uint8Array | null>) => chunks.map((c) => (c === null ? null : Buffer.from(c).toString('hex')));

async function reference(key: Uint8Array, prefix: Uint8Array, content: Uint8Array) {
  return hexes(await all(sealPartChunks(key, prefix, header(content.length), [content])));
}

describe('SealPool', () => {
  it('seals on its lanes, in order, byte for byte what sealPartChunks makes', async () => {
    for (const [lanes, size] of [[1, 300_000], [2, 1_500_000], [3, 65_000], [4, 2_100_000]] as const) {
      const key = newTipKey();
      const prefix = newNoncePrefix();
      const content = seededBytes(size, lanes);
      const fake = fakeLanes();
      // Small batches: many of them, answered out of order by several lanes.
      const pool = new SealPool(lanes, fake.start, { piecesPerBatch: 4 });
      // Give the lanes time to say they are ready, as the page's lanes load during key derivation.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const sealed = await all(pool.sealPart(key, prefix, header(size), pieces(content)));
      expect(hexes(sealed), `${lanes} lanes`).toEqual(await reference(key, prefix, content));
      const stats = pool.stats;
      expect(stats.lanesReady).toBe(lanes);
      expect(stats.sealedInLanes + stats.sealedHere).toBe(sealed.length);
      // This thread seals too, but only when every lane has its fill.
      expect(stats.sealedInLanes).toBeGreaterThan(0);
      // Every lane did work, and the part's key was dropped on every lane at the end.
      for (const received of fake.received) {
        if (Math.ceil(sealed.length / 4) >= lanes) expect(received.some((r) => r.op === 'seal')).toBe(true);
        expect(received.at(-1)).toEqual({ op: 'drop', part: 1 });
      }
      // And the result opens with the reader.
      const opened = await openPartChunks(key, prefix, sealed.length, sealed as Uint8Array[]);
      expect(opened.header).toEqual(header(size));
      expect(Buffer.concat(await all(opened.content)).equals(Buffer.from(content))).toBe(true);
      pool.close();
      expect(fake.terminated).toBe(lanes);
    }
  });

  it('keeps at most lanes × batches × pieces out, and reads the file only as fast as chunks are taken', async () => {
    const content = seededBytes(3_000_000, 9);
    const fake = fakeLanes({ delay: () => 2 });
    const pool = new SealPool(2, fake.start, { piecesPerBatch: 3, batchesPerLane: 2 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    let read = 0;
    async function* counted() {
      for await (const piece of pieces(content, 256 * 1024)) {
        read += piece.length;
        yield piece;
      }
    }
    let taken = 0;
    let mostAhead = 0;
    for await (const chunk of pool.sealPart(newTipKey(), newNoncePrefix(), header(content.length), counted())) {
      taken += chunk!.length - 16;
      mostAhead = Math.max(mostAhead, read - taken);
      await new Promise((resolve) => setTimeout(resolve, 1)); // a slow upload
    }
    expect(fake.maxOut).toBeLessThanOrEqual(12);
    expect(fake.maxOut).toBeGreaterThan(3);
    // The window (12 pieces) plus one read of 256 KiB, plus the piece being filled.
    expect(mostAhead).toBeLessThanOrEqual(12 * 65536 + 256 * 1024 + 65536);
    // Every batch but the part's last holds 3 consecutive pieces.
    const last = Math.ceil((content.length + 100) / 65536) - 1;
    const batches = fake.received.flat().filter((r) => r.op === 'seal').map((r) => r.indices!).filter((b) => !b.includes(last));
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.filter((b) => !(b.length === 3 && b[1] === b[0]! + 1 && b[2] === b[0]! + 2))).toEqual([]);
    pool.close();
  });

  it('seals here when no lane can start, or none ever says it is ready', async () => {
    const content = seededBytes(700_000, 3);
    for (const fake of [fakeLanes({ throwOnStart: () => true }), fakeLanes({ ready: false })]) {
      const key = newTipKey();
      const prefix = newNoncePrefix();
      const pool = new SealPool(3, fake.start);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const sealed = await all(pool.sealPart(key, prefix, header(content.length), pieces(content)));
      expect(hexes(sealed)).toEqual(await reference(key, prefix, content));
      expect(pool.stats.sealedInLanes).toBe(0);
      expect(pool.stats.sealedHere).toBe(sealed.length);
      // A lane that never said it was ready was never given the key.
      expect(fake.received.flat().filter((r) => r.op === 'key')).toEqual([]);
      pool.close();
    }
  });

  it('lets a lane in that becomes ready while this thread is busy sealing', async () => {
    // Content and consumer that never wait: without turning to its messages, this thread would
    // never hear the lane say it is ready, and would seal everything itself.
    const content = seededBytes(6_000_000, 11);
    const key = newTipKey();
    const prefix = newNoncePrefix();
    const pool = new SealPool(1, fakeLanes({ delay: () => 0 }).start);
    const sealed = await all(pool.sealPart(key, prefix, header(content.length), [content]));
    expect(hexes(sealed)).toEqual(await reference(key, prefix, content));
    expect(pool.stats.lanesReady).toBe(1);
    expect(pool.stats.sealedInLanes).toBeGreaterThan(16);
    pool.close();
  });

  it('uses the lanes that start when others cannot', async () => {
    const content = seededBytes(900_000, 4);
    const key = newTipKey();
    const prefix = newNoncePrefix();
    const fake = fakeLanes({ throwOnStart: (i) => i !== 1 });
    const pool = new SealPool(3, fake.start);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sealed = await all(pool.sealPart(key, prefix, header(content.length), pieces(content)));
    expect(hexes(sealed)).toEqual(await reference(key, prefix, content));
    expect(pool.stats).toMatchObject({ lanesStarted: 1, lanesReady: 1, sealedHere: 0 });
    pool.close();
  });

  it('fails the part when a lane dies holding pieces of it; sealing again skips what is stored', async () => {
    for (const crash of [(i: number) => (i === 0 ? 2 : undefined), () => 2]) {
      const content = seededBytes(1_200_000, 5);
      const key = newTipKey();
      const prefix = newNoncePrefix();
      const fake = fakeLanes({ crashOnBatch: crash, delay: () => 3 });
      const pool = new SealPool(2, fake.start, { piecesPerBatch: 2 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const got: Array<Uint8Array | null> = [];
      const error = await (async () => {
        for await (const chunk of pool.sealPart(key, prefix, header(content.length), pieces(content))) got.push(chunk);
      })().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(LaneLostError);
      // One lane died; when both would, the part may fail before the second does.
      expect(pool.stats.lanesLost).toBeGreaterThanOrEqual(1);
      if (crash(1) === undefined) expect(pool.stats.lanesLost).toBe(1);
      expect(fake.terminated).toBe(pool.stats.lanesLost);
      // What came out before is right; sealing again (as the uploader's resume does) with what
      // is stored declined gives the rest, on the lane that is left or here.
      const expected = await reference(key, prefix, content);
      expect(hexes(got)).toEqual(expected.slice(0, got.length));
      const rest = await all(pool.sealPart(key, prefix, header(content.length), pieces(content), (i) => i >= got.length));
      expect(hexes(rest)).toEqual(expected.map((c, i) => (i >= got.length ? c : null)));
      pool.close();
    }
  });

  it('fails the part when a lane says a piece could not be sealed', async () => {
    const pool = new SealPool(2, fakeLanes({ answerFailed: true }).start);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const content = seededBytes(500_000, 6);
    await expect(all(pool.sealPart(newTipKey(), newNoncePrefix(), header(content.length), pieces(content)))).rejects.toThrow(/broken lane/);
    pool.close();
  });

  it('skips the chunks it is told are not wanted, without sending them to a lane', async () => {
    const content = seededBytes(1_000_000, 7);
    const key = newTipKey();
    const prefix = newNoncePrefix();
    const fake = fakeLanes();
    const pool = new SealPool(2, fake.start);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const wanted = (i: number) => i % 3 === 1;
    const sealed = await all(pool.sealPart(key, prefix, header(content.length), pieces(content), wanted));
    const expected = (await reference(key, prefix, content)).map((c, i) => (wanted(i) ? c : null));
    expect(hexes(sealed)).toEqual(expected);
    const sent = fake.received.flat().filter((r) => r.op === 'seal').flatMap((r) => r.indices!).sort((a, b) => a - b);
    expect(sent).toEqual(expected.flatMap((c, i) => (c === null ? [] : [i])));
    pool.close();
  });

  it('rejects content of the wrong length, drops the key everywhere, and leaves the caller\'s key alone', async () => {
    const fake = fakeLanes();
    const pool = new SealPool(2, fake.start);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const key = newTipKey();
    const copy = key.slice();
    const error = await all(pool.sealPart(key, newNoncePrefix(), header(800_000), pieces(seededBytes(700_000, 8)))).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(EnvelopeError);
    expect((error as EnvelopeError).code).toBe('bad_input');
    expect(key).toEqual(copy);
    // A consumer that stops early drops the key too.
    for await (const chunk of pool.sealPart(key, newNoncePrefix(), header(800_000), pieces(seededBytes(800_000, 9)))) {
      expect(chunk).not.toBeNull();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const received of fake.received) {
      const keys = received.filter((r) => r.op === 'key').map((r) => r.part);
      const drops = received.filter((r) => r.op === 'drop').map((r) => r.part);
      expect(keys).toEqual([1, 2]);
      expect(drops).toEqual([1, 2]);
    }
    const other = new SealPool(1, fakeLanes().start);
    await expect(other.sealPart(new Uint8Array(3), newNoncePrefix(), header(1), [new Uint8Array(1)]).next()).rejects.toThrow(EnvelopeError);
    other.close();
    pool.close();
    await expect(pool.sealPart(key, newNoncePrefix(), header(1), [new Uint8Array(1)]).next()).rejects.toThrow(/closed/);
  });
});
