// The leak scan of DESIGN.md promise 1: after a scenario, look through every file the server
// wrote (database, -wal, -shm, logs, anything else under its directories) and its captured
// output for canary values. Each canary is searched as UTF-8, UTF-16LE and base64 (at the three
// byte alignments), so an identity that was re-encoded on its way to disk is still found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Distinctive values for every header a network, a proxy or a browser could add to a source's
 * request. Scenarios send them and then scan for them.
 */
export const CANARY_IDENTITY_HEADERS = {
  'x-forwarded-for': '203.0.113.77',
  'x-real-ip': '203.0.113.78',
  forwarded: 'for=203.0.113.79;proto=https',
  'cf-connecting-ip': '203.0.113.80',
  'cf-ipcountry': 'KP-canary-country',
  'cf-ray': 'canaryray8f3e2a1b',
  'true-client-ip': '203.0.113.81',
  'user-agent': 'Mozilla/5.0 (CanaryOS 9.1) SourceBrowser/4242',
  'accept-language': 'ko-KR-x-canarylang',
  referer: 'https://canary-referer.example/leak',
  origin: 'https://canary-origin.example',
} as const;

export interface LeakHit {
  canary: string;
  where: string;
  encoding: string;
}

function encodings(canary: string): Array<[string, Buffer]> {
  const utf8 = Buffer.from(canary, 'utf8');
  const found: Array<[string, Buffer]> = [['utf8', utf8], ['utf16le', Buffer.from(canary, 'utf16le')]];
  for (let shift = 0; shift < 3; shift++) {
    // base64 of the canary preceded by `shift` bytes: keep only the characters that do not
    // depend on the unknown neighbours.
    const b64 = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    // Character k covers bits [6k, 6k+6) and the canary bits [8*shift, 8*(shift+length)).
    const stable = b64.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + utf8.length)) / 6));
    if (stable.length >= 8) found.push([`base64+${shift}`, Buffer.from(stable, 'ascii')]);
  }
  return found;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Every place a canary appears, in any of the files under `dirs` or in `outputs`. */
export function scanForLeaks(canaries: string[], dirs: string[], outputs: Record<string, string> = {}): LeakHit[] {
  const haystacks: Array<[string, Buffer]> = [
    ...dirs.flatMap(listFiles).map((path): [string, Buffer] => [path, readFileSync(path)]),
    ...Object.entries(outputs).map(([name, text]): [string, Buffer] => [name, Buffer.from(text, 'utf8')]),
  ];
  const hits: LeakHit[] = [];
  for (const canary of canaries) {
    for (const [encoding, needle] of encodings(canary)) {
      for (const [where, bytes] of haystacks) {
        if (bytes.includes(needle)) hits.push({ canary, where, encoding });
      }
    }
  }
  return hits;
}

/** The files that were scanned, so a test can assert it looked at the database and its WAL. */
export function filesUnder(dirs: string[]): string[] {
  return dirs.flatMap(listFiles);
}
