// The inbox in the editor's browser: how long real Chromium takes to decrypt and render a page
// of 50 tips (target < 300 ms, issue 5). A real server (the app on @hono/node-server, a libSQL
// file) holds 50 tips sealed by the reference submitter (src/client/submit.ts, messages of 200
// to 2,000 characters); an editor enrolled through the API holds the desk key. The browser gets
// the session cookie and the personal key in sessionStorage, as after a login (the login's own
// scrypt is not what is measured), opens /staff and waits for the staff bundle's marks:
//
//   tipline:inbox-decrypt    measure from the bundle's start on the page to every preview
//                            decrypted and written (GET /me, opening the desk key, 50 tip keys
//                            and 50 messages, DOM updates)
//   tipline:inbox-decrypted  the same end point, from navigation start (server render, HTML,
//                            bundle download and parse included)
//
//   npx tsx bench/inbox-browser.ts [--runs 10]
//
// Wall-clock times: other load on the machine inflates them, so the load average is printed too.
// Prints a Markdown table row on stdout (decrypt median and max, navigation-to-decrypted median
// and max, the fastest decrypt, the 1-minute load average) and the details as JSON on stderr.
import { serve } from '@hono/node-server';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWeb } from '../scripts/build-web.ts';
import { createApp } from '../src/app.ts';
import { submitTip } from '../src/client/submit.ts';
import {
  deriveStaffKeys, encryptSecretKey, generateBoxKeyPair, newStaffSalt, randomBytes, sealToPublicKey, toBase64,
} from '../src/crypto/index.ts';
import { openNodeDatabase } from '../src/db/open-node.ts';
import { systemClock } from '../src/domain/context.ts';
import { createDesk } from '../src/domain/desks.ts';
import { addDeskMember, grantDeskKey } from '../src/domain/staff/desk-members.ts';
import { createInvite } from '../src/domain/staff/invites.ts';
import { totpCode } from '../src/domain/staff/totp.ts';
import { DEFAULT_INTAKE_LIMITS } from '../src/http/intake-gate.ts';
import { HYGIENE_OPTIONS } from '../src/http/page-paths.ts';
import { hygienicFetch } from '../src/node-hygiene.ts';
import { nodeAssets } from '../src/web/assets-node.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { freePort } from '../tests/helpers/processes.ts';
import { tempDir } from '../tests/helpers/temp.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
const TIPS = 50;
const TARGET_MS = 300;

await buildWeb({ quiet: true });
const dir = tempDir('tipline-inbox-bench-');
const db = await openNodeDatabase({ url: `file:${join(dir.path, 'tipline.db')}` });
const ctx = { db, clock: systemClock };
const app = createApp({
  db, clock: systemClock, assets: nodeAssets(),
  config: { accessLog: false, intake: { ...DEFAULT_INTAKE_LIMITS, powDifficulty: 0 } },
  log: { info: () => undefined, error: (line) => process.stderr.write(`${line}\n`) },
});
const port = await freePort();
const server = serve({ fetch: hygienicFetch(app.fetch, HYGIENE_OPTIONS), hostname: '127.0.0.1', port });
const url = `http://127.0.0.1:${port}`;

try {
  // The desk and an editor who holds its key (enrolled as a browser would, at the lowest cost).
  const deskKeys = generateBoxKeyPair();
  const desk = await createDesk({ ctx, input: { slug: 'bench', name: 'Bench', publicKey: deskKeys.publicKey, actor: { kind: 'admin-cli' } } });
  const { token } = await createInvite({ ctx, input: { role: 'editor', actor: { kind: 'admin-cli' } } });
  const personal = generateBoxKeyPair();
  const salt = newStaffSalt();
  const derived = await deriveStaffKeys('bench passphrase for the inbox', salt, 10);
  const totpSecret = randomBytes(20);
  const enrolled = await fetch(`${url}/api/v1/staff/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token, username: 'bench', displayName: 'Bench Editor', kdfSalt: toBase64(salt), kdfLogN: 10, loginKey: toBase64(derived.loginKey),
      publicKey: toBase64(personal.publicKey), encryptedSecretKey: toBase64(encryptSecretKey(personal.secretKey, derived.kek)),
      totpSecret: toBase64(totpSecret), totpCode: totpCode(totpSecret, new Date()),
    }),
  });
  if (enrolled.status !== 201) throw new Error(`enroll: ${enrolled.status} ${await enrolled.text()}`);
  const cookie = /tl_staff=([^;]+)/.exec(enrolled.headers.get('set-cookie') ?? '')![1]!;
  const staffId = ((await enrolled.json()) as { staff: { id: string } }).staff.id;
  await addDeskMember({ ctx, input: { deskId: desk.id, staffId, actor: { kind: 'admin-cli' } } });
  await grantDeskKey({ ctx, input: { deskId: desk.id, staffId, version: 1, sealedSecret: sealToPublicKey(deskKeys.secretKey, personal.publicKey), actor: { kind: 'admin-cli' } } });

  const words = 'harbour inspection record pier manifest official signed cargo vessel report'.split(' ');
  for (let i = 0; i < TIPS; i++) {
    const length = 200 + Math.floor((1800 * i) / (TIPS - 1));
    let message = `Tip ${i}: `;
    while (message.length < length) message += `${words[(message.length * 7 + i) % words.length]} `;
    await submitTip({ server: url, desk: 'bench', message });
  }

  const browser = await launchBrowser();
  const context = await browser.newContext();
  await context.addCookies([{ name: 'tl_staff', value: cookie, url }]);
  // What the login page leaves in the tab.
  await context.addInitScript(([id, key, pub]) => {
    sessionStorage.setItem('tipline.staff.personalKey', JSON.stringify({ staffId: id, secretKey: key, publicKey: pub }));
  }, [staffId, toBase64(personal.secretKey), toBase64(personal.publicKey)] as const);
  const page = await context.newPage();
  const samples: { decryptMs: number; keyringMs: number; rowsMs: number; fromNavigationMs: number }[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    await page.goto(`${url}/staff`);
    await page.locator(`body[data-decrypted="${TIPS}"]`).waitFor({ timeout: 60_000 });
    // No helper functions inside: tsx would name them with a helper the page does not have.
    const marks = await page.evaluate(() => ['tipline:inbox-start', 'tipline:inbox-keys', 'tipline:inbox-decrypted']
      .map((name) => performance.getEntriesByName(name)[0]!.startTime));
    const [start, keys, end] = marks as [number, number, number];
    const sample = { decryptMs: end - start, keyringMs: keys - start, rowsMs: end - keys, fromNavigationMs: end };
    const previews = await page.locator('td.preview.done').count();
    if (previews !== TIPS) throw new Error(`only ${previews} previews decrypted`);
    if (run > 0) samples.push(sample); // the first load warms the caches (bundle, JIT)
  }
  await browser.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const max = (xs: number[]) => Math.max(...xs);
  const decrypt = samples.map((s) => s.decryptMs);
  const total = samples.map((s) => s.fromNavigationMs);
  // The verdict is on the median: on this shared machine single loads swing with other work.
  const pass = median(decrypt) < TARGET_MS;
  process.stderr.write(`${JSON.stringify({ tips: TIPS, runs: RUNS, loadAvg: loadavg(), samples }, null, 2)}\n`);
  process.stdout.write(`| ${TIPS} tips, ${RUNS} loads | ${median(decrypt).toFixed(0)} | ${max(decrypt).toFixed(0)} | ${median(total).toFixed(0)} | ${max(total).toFixed(0)} | ${Math.min(...decrypt).toFixed(0)} | ${loadavg()[0]!.toFixed(1)} | ${pass ? 'PASS' : '**FAIL**'} (< ${TARGET_MS} ms) |\n`);
  process.exitCode = pass ? 0 : 1;
} finally {
  server.close();
  db.close();
  dir.remove();
}
