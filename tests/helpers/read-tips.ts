// Reads every tip of a desk back with the desk secret, into memory (test-sized tips only).
import type { KeyPair } from '../../src/crypto/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openStoredTip } from '../../src/cli/open-tip.ts';
import { findDeskBySlug } from '../../src/domain/desks.ts';
import { iterateDeskTips } from '../../src/domain/tip-reading.ts';

export interface OpenedTip {
  id: string;
  message: string;
  files: Array<{ name: string; type: string; bytes: Uint8Array }>;
}

export async function readDeskTips(db: Database, slug: string, keyPair: KeyPair, keyVersion = 1): Promise<OpenedTip[]> {
  const desk = await findDeskBySlug(db.read, slug);
  if (!desk) throw new Error(`no desk ${slug}`);
  const result: OpenedTip[] = [];
  for await (const tip of iterateDeskTips(db.read, desk.id)) {
    const opened: OpenedTip = { id: tip.id, message: '', files: [] };
    for await (const part of openStoredTip(db.read, tip, { keyVersion, keyPair })) {
      const pieces: Uint8Array[] = [];
      for await (const piece of part.content) pieces.push(piece);
      const bytes = new Uint8Array(Buffer.concat(pieces));
      if (part.header.kind === 'message') opened.message = new TextDecoder().decode(bytes);
      else opened.files.push({ name: part.header.name, type: part.header.type, bytes });
    }
    result.push(opened);
  }
  return result;
}
