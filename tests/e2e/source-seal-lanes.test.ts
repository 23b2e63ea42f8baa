// A large file sent from the source page in real Chromium, sealed on the worker's sealing lanes
// (/static/seal-worker.js, nested Web Workers): the stored chunks must be exactly those
// sealPartChunks makes for the tip key and the nonce prefix the server recorded, and the file
// must open and equal what was chosen. Then the same with the lane script refused (a browser or
// policy without nested workers): the worker seals everything itself, same result.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealPoolStats } from '../../src/client/seal-pool.ts';
import { openPartChunks, openSealed, sealPartChunks } from '../../src/crypto/index.ts';
import { systemClock } from '../../src/domain/context.ts';
import { findDeskBySlug } from '../../src/domain/desks.ts';
import { readPartChunks } from '../../src/domain/parts.ts';
import { iterateDeskTips } from '../../src/domain/tip-reading.ts';
import { HYGIENE_OPTIONS } from '../../src/http/page-paths.ts';
import type { StaticAssets } from '../../src/http/static-assets.ts';
import { hygienicFetch } from '../../src/node-hygiene.ts';
import { nodeAssets } from '../../src/web/assets-node.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { addDesk, testApp } from '../helpers/app.ts';

const TIMEOUT = 180_000;
/** ~3 MB of text: 46 chunks, above the worker's threshold for starting lanes (16). */
const NOTES = Buffer.from('Crane inspection 14: certificate reused from crane 9, signed by nobody.\n'.repeat(42_000));

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function sendLargeFile(refuseLanes: boolean) {
  const asked: string[] = [];
  const files = nodeAssets();
  const assets: StaticAssets = {
    get: async (name) => {
      asked.push(name);
      return refuseLanes && name === 'seal-worker.js' ? null : files.get(name);
    },
  };
  const t = await testApp({ clock: systemClock, assets });
  const desk = await addDesk(t, 'harbour');
  const server: ServerType = serve({ fetch: hygienicFetch(t.app.fetch, HYGIENE_OPTIONS), hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = await browser.newContext();
  // Test-only eyes on the page's side of the worker protocol: the worker's closing `sealed`
  // event says how the sealing was shared out (src/web/client/protocol.ts).
  await context.addInitScript(() => {
    const slot = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage')!;
    Object.defineProperty(Worker.prototype, 'onmessage', {
      get() { return slot.get!.call(this); },
      set(handler: (event: MessageEvent) => void) {
        slot.set!.call(this, (event: MessageEvent) => {
          if (event.data?.event?.type === 'sealed') (window as unknown as { sealing: unknown }).sealing = event.data.event;
          handler(event);
        });
      },
    });
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
    await page.goto(`${origin}/submit/harbour`);
    await page.setInputFiles('#files', { name: 'inspections.txt', mimeType: 'text/plain', buffer: NOTES });
    await page.locator('#file-report li[data-status="cleaned"]').waitFor({ timeout: 60_000 });
    await page.fill('#message', 'The crane inspection certificates at the harbour were copied, see the file.');
    await page.click('#submit-button');
    await page.locator('#codename').waitFor({ timeout: 120_000 });
    expect(errors).toEqual([]);
    const sealing = (await page.evaluate(() => (window as unknown as { sealing: unknown }).sealing)) as SealPoolStats;

    // What the server stored, opened with the desk key and sealed again serially.
    const deskRow = await findDeskBySlug(t.db.read, desk.slug);
    const tips = [];
    for await (const tip of iterateDeskTips(t.db.read, deskRow!.id)) tips.push(tip);
    expect(tips).toHaveLength(1);
    const tipKey = openSealed(tips[0]!.sealedKey, desk);
    const file = tips[0]!.parts.find((p) => p.kind === 'file')!;
    const stored: Uint8Array[] = [];
    for await (const chunk of readPartChunks(t.db.read, file.id, file.chunkCount)) stored.push(chunk);
    const opened = await openPartChunks(tipKey, file.noncePrefix, stored.length, stored);
    const content: Uint8Array[] = [];
    for await (const piece of opened.content) content.push(piece);
    expect(Buffer.concat(content).equals(NOTES)).toBe(true);
    expect(opened.header).toMatchObject({ kind: 'file', name: 'inspections.txt', size: NOTES.length });
    const serial: string[] = [];
    for await (const chunk of sealPartChunks(tipKey, file.noncePrefix, opened.header, [NOTES])) serial.push(Buffer.from(chunk).toString('hex'));
    expect(stored.length).toBeGreaterThan(40);
    expect(sealing.sealedInLanes + sealing.sealedHere).toBe(stored.length);
    expect(stored.map((c) => Buffer.from(c).toString('hex'))).toEqual(serial);
    return { asked, sealing };
  } finally {
    await context.close();
    server.close();
  }
}

describe('a large file from the source page in Chromium', () => {
  it('is sealed on the sealing lanes, chunk for chunk what the serial sealer makes', async () => {
    const { asked, sealing } = await sendLargeFile(false);
    // One lane per core Chromium reports but one (at least one, at most 3); the worker seals too
    // whenever the lanes are full, and alone while they load.
    const lanes = asked.filter((name) => name === 'seal-worker.js').length;
    expect(lanes).toBeGreaterThanOrEqual(1);
    expect(sealing).toMatchObject({ lanesStarted: lanes, lanesReady: lanes, lanesLost: 0 });
    expect(sealing.sealedInLanes).toBeGreaterThan(10);
  }, TIMEOUT);

  it('is sealed in the worker itself when the lane script is refused', async () => {
    const { asked, sealing } = await sendLargeFile(true);
    expect(asked.filter((name) => name === 'seal-worker.js').length).toBeGreaterThanOrEqual(1);
    expect(sealing).toMatchObject({ lanesReady: 0, sealedInLanes: 0 });
    expect(sealing.lanesLost).toBe(sealing.lanesStarted);
  }, TIMEOUT);
});
