// DESIGN.md promise 1 on Workers: a source submits (API with a file, and the no-JavaScript
// form) with distinctive values in every identity header and in `request.cf`, the geolocation
// Cloudflare attaches to each request. Afterwards no canary, and no plaintext, is in any row of
// any table of the database, nor in anything the Worker logged.
import { env } from 'cloudflare:workers';
import { createClient } from '@libsql/client/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { submitTip } from '../../../src/client/submit.ts';
import { CANARY_IDENTITY_HEADERS } from '../../helpers/leak-scan.ts';
import { fileOf, makeDesk, worker } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

const IDENTITY = { ...CANARY_IDENTITY_HEADERS, cookie: 'session=canarycookie0451' };
const CF = { country: 'KP', city: 'Canarytown-cf-7731', asOrganization: 'CanaryNet-cf-AS-4242', region: 'Canaryregion-cf', postalCode: 'CANARY-ZIP-11', timezone: 'Asia/Canary_Tz' };
const MESSAGE = 'PLAINTEXT-CANARY the minister took bribes';
const FORM_MESSAGE = 'FORM-PLAINTEXT-CANARY the mayor sold the port';
const FILE_NAME = 'canary-filename-passport-scan.txt';
const FILE_CONTENT = 'FILE-CONTENT-CANARY-0xDEADBEEF';

/** Every value of every row of every table, text as it is, BLOBs read byte for byte. */
async function databaseText(): Promise<string> {
  const client = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
  const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
  const pieces: string[] = [];
  for (const { name } of tables.rows) {
    for (const row of (await client.execute(`SELECT * FROM "${String(name)}"`)).rows) {
      for (const value of Object.values(row)) {
        pieces.push(value instanceof ArrayBuffer ? new TextDecoder('latin1').decode(value) : String(value));
      }
    }
  }
  client.close();
  expect(tables.rows.length).toBeGreaterThan(5);
  return pieces.join('\n');
}

describe('no source identity and no plaintext from the Worker', () => {
  it('stores and logs no identity header, no request.cf value and no plaintext', async () => {
    const desk = await makeDesk('wd-canary');
    const lines: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
    const identified: typeof fetch = (input, init) =>
      worker(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...IDENTITY }, cf: CF } as RequestInit);

    await submitTip({ server: 'https://tipline.example', desk: desk.slug, message: MESSAGE, fetch: identified, files: [fileOf(FILE_NAME, new TextEncoder().encode(FILE_CONTENT), 'text/plain')] });
    const form = new FormData();
    form.append('message', FORM_MESSAGE);
    form.append('files', new File([FILE_CONTENT], FILE_NAME, { type: 'text/plain' }));
    expect((await identified(`/submit/${desk.slug}`, { method: 'POST', body: form })).status).toBe(200);
    // Error paths too: bad JSON carrying a canary, a route named by one.
    const bad = await identified('/api/v1/tips', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"desk":"${IDENTITY['user-agent']}` });
    expect(bad.status).toBe(400);
    expect((await identified(`/api/v1/${IDENTITY['cf-ray']}`)).status).toBe(404);

    const canaries = [...Object.values(IDENTITY), ...Object.values(CF).filter((v) => v.length > 4), MESSAGE, FORM_MESSAGE, FILE_NAME, FILE_CONTENT];
    const stored = await databaseText();
    expect(stored).toContain('wd-canary'); // the scan does see the rows
    expect(canaries.filter((canary) => stored.includes(canary) || stored.includes(btoa(canary)))).toEqual([]);

    const logged = lines.join('\n');
    expect(logged).toMatch(/^POST \/api\/v1\/tips 201$/m); // the access log was on, and wrote
    expect(logged).toMatch(/^POST \/submit\/:desk 200$/m);
    expect(canaries.filter((canary) => logged.includes(canary))).toEqual([]);
  });
});
