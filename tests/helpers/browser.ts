// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. playwright's launch()
// gives every browser a fresh, temporary user-data dir and deletes it on close; the flags keep
// the browser from talking to anyone but the server under test (no component updates, sync,
// background requests or QUIC probes).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.TIPLINE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
