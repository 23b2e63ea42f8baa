// Shared by the workerd tests: the Worker as a fetch function, the database it uses (opened
// the Worker's way, src/worker/database.ts), and desks made for one test file each (the sqld of
// tests/worker/global-setup.ts is shared by every file of the run).
import { env, exports } from 'cloudflare:workers';
import { generateBoxKeyPair, type KeyPair } from '../../../src/crypto/index.ts';
import { systemClock, type DomainContext } from '../../../src/domain/context.ts';
import { createDesk } from '../../../src/domain/desks.ts';
import { workerDatabase } from '../../../src/worker/database.ts';

export const ORIGIN = 'https://tipline.example';

/** The Worker of wrangler.toml, as a browser or the reference client would reach it. */
export const worker: typeof fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
  exports.default.fetch(input instanceof Request ? input : new URL(String(input), ORIGIN), init)) as typeof fetch;

export const db = workerDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
export const ctx: DomainContext = { db, clock: systemClock };

export async function makeDesk(slug: string, clock = systemClock): Promise<KeyPair & { slug: string }> {
  const keyPair = generateBoxKeyPair();
  await createDesk({ ctx: { db, clock }, input: { slug, name: `Desk ${slug}`, publicKey: keyPair.publicKey, actor: { kind: 'admin-cli' } } });
  return { ...keyPair, slug };
}

export function fileOf(name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  return { name, type, size: bytes.length, async *open() { yield bytes; } };
}

export function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
