// A tip's file as the browser downloads it to open: the serialized part (0x01 || nonce prefix ||
// chunk ciphertexts), streamed from the stored chunks a batch at a time so that a 2 GiB file
// never sits in server memory. Handing it out is audited (`tip.file_opened`) before the first
// byte leaves.
import { and, eq } from 'drizzle-orm';
import { NONCE_PREFIX_BYTES, PART_FORMAT_VERSION, TAG_BYTES } from '../../crypto/index.ts';
import { parts } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../ids.ts';
import { readPartChunks } from '../parts.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { requireTipAccess } from '../staff/tip-access.ts';

/** The serialized part's version byte and nonce prefix (docs/envelope.md). */
const SERIALIZED_PREFIX = 1 + NONCE_PREFIX_BYTES;

export interface FileDownload {
  /** Exact byte length of the serialized part. */
  size: number;
  /** The serialized part, piece by piece. */
  bytes: AsyncIterable<Uint8Array>;
}

export async function openTipFile({ ctx, input }: { ctx: DomainContext; input: { viewer: StaffIdentity; tipId: string; partId: string } }): Promise<FileDownload> {
  const db = ctx.db.read;
  await requireTipAccess(db, input.viewer, input.tipId, 'read');
  const [part] = isId(input.partId)
    ? await db.select({ noncePrefix: parts.noncePrefix, paddedSize: parts.paddedSize, chunkCount: parts.chunkCount, state: parts.state })
      .from(parts).where(and(eq(parts.id, input.partId), eq(parts.tipId, input.tipId), eq(parts.kind, 'file'))).limit(1)
    : [];
  // An unfinished upload is not a file yet (uploads.ts): staff never see one.
  if (!part || part.state !== 'complete') throw new DomainError('unknown_file', 'no such file on this tip');
  await ctx.db.write((tx) => appendAudit(tx, ctx.clock, {
    actor: staffActor(input.viewer), action: 'tip.file_opened', subject: input.tipId, details: { part: input.partId },
  }));
  const prefix = new Uint8Array(SERIALIZED_PREFIX);
  prefix[0] = PART_FORMAT_VERSION;
  prefix.set(part.noncePrefix, 1);
  async function* bytes() {
    yield prefix;
    yield* readPartChunks(db, input.partId, part!.chunkCount);
  }
  // Every chunk carries a tag on top of its share of the padded size.
  return { size: SERIALIZED_PREFIX + part.paddedSize + TAG_BYTES * part.chunkCount, bytes: bytes() };
}
