// The leak scan of DESIGN.md promise 1, the one helper every scenario uses (crash, flood, load,
// end to end): after a scenario, look through every file the server wrote (database, -wal,
// -shm, logs, its temporary directory, anything else under the directories it was given) and
// its captured output for canary values: the identity values a network or browser could add to
// a source's request (CANARY_IDENTITY_HEADERS) and plaintext markers the scenario put in
// messages, file names and file contents. Each canary is searched as UTF-8, UTF-16LE and base64
// (at the three byte alignments), so a value that was re-encoded on its way to disk is found.
//
// Only node:fs and node:path at the top: tests/worker/workerd imports this module inside workerd.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** The values of CANARY_IDENTITY_HEADERS, what a scan looks for by default. */
export const CANARY_IDENTITY_VALUES: readonly string[] = Object.values(CANARY_IDENTITY_HEADERS);

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

/** Every regular file under `dir`; files that vanish while listing (a -shm at close) are skipped. */
function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      const stat = statSync(path);
      return stat.isDirectory() ? listFiles(path) : stat.isFile() ? [path] : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  });
}

function readIfThere(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Every place a canary appears, in any of the files under `dirs` or in `outputs`. */
export function scanForLeaks(canaries: readonly string[], dirs: string[], outputs: Record<string, string> = {}): LeakHit[] {
  return scan(canaries, dirs, outputs).hits;
}

/** The files that were scanned, so a test can assert it looked at the database and its WAL. */
export function filesUnder(dirs: string[]): string[] {
  return dirs.flatMap(listFiles);
}

function scan(canaries: readonly string[], dirs: string[], outputs: Record<string, string>) {
  const haystacks: Array<[string, Buffer]> = [];
  for (const path of dirs.flatMap(listFiles)) {
    const bytes = readIfThere(path);
    if (bytes) haystacks.push([path, bytes]);
  }
  for (const [name, text] of Object.entries(outputs)) haystacks.push([name, Buffer.from(text, 'utf8')]);
  const needles = canaries.flatMap((canary) => encodings(canary).map(([encoding, needle]) => ({ canary, encoding, needle })));
  const hits: LeakHit[] = [];
  for (const [where, bytes] of haystacks) {
    for (const i of findAll(bytes, needles)) hits.push({ canary: needles[i]!.canary, where, encoding: needles[i]!.encoding });
  }
  // Canary by canary, as the callers list them.
  const order = new Map(needles.map((n, i) => [`${n.canary}\u0000${n.encoding}`, i]));
  hits.sort((a, b) => order.get(`${a.canary}\u0000${a.encoding}`)! - order.get(`${b.canary}\u0000${b.encoding}`)!);
  return { hits, files: haystacks.map(([where]) => where), bytes: haystacks.reduce((n, [, b]) => n + b.length, 0) };
}

/** Needles of fewer bytes than this are searched one by one (encodings() never makes any). */
const PREFIX = 4;

/**
 * The indices of the needles that occur in `bytes`, in one pass over it however many needles
 * there are (a crash soak scans hundreds of megabytes for tens of thousands of markers): a
 * 2^24-bit map of the needles' first three bytes filters positions, a map from their first four
 * bytes finds the candidates, and only those are compared in full.
 */
function findAll(bytes: Buffer, needles: Array<{ needle: Buffer }>): Set<number> {
  const found = new Set<number>();
  const short: number[] = [];
  const first3 = new Uint8Array(1 << 21);
  const byPrefix = new Map<number, number[]>();
  needles.forEach(({ needle }, i) => {
    if (needle.length < PREFIX) return void short.push(i);
    const key3 = needle[0]! | (needle[1]! << 8) | (needle[2]! << 16);
    first3[key3 >>> 3]! |= 1 << (key3 & 7);
    const key = (key3 | (needle[3]! << 24)) >>> 0;
    const list = byPrefix.get(key);
    if (list) list.push(i);
    else byPrefix.set(key, [i]);
  });
  for (const i of short) if (bytes.includes(needles[i]!.needle)) found.add(i);
  const end = bytes.length - PREFIX;
  for (let at = 0; at <= end; at++) {
    const key3 = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
    if ((first3[key3 >>> 3]! & (1 << (key3 & 7))) === 0) continue;
    const candidates = byPrefix.get((key3 | (bytes[at + 3]! << 24)) >>> 0);
    if (!candidates) continue;
    for (const i of candidates) {
      const needle = needles[i]!.needle;
      if (!found.has(i) && at + needle.length <= bytes.length && bytes.compare(needle, 0, needle.length, at, at + needle.length) === 0) found.add(i);
    }
  }
  return found;
}

export interface LeakScenario {
  /** Directories the server (and the CLI) wrote to: data directory, its TMPDIR, log directories. */
  dirs: string[];
  /** Captured output by name (`stdout`, `stderr`, `server 3 stderr`, ...). */
  outputs?: Record<string, string>;
  /** Plaintext markers the scenario put in messages, file names and file contents. */
  markers?: readonly string[];
  /** Identity values sent with the requests; CANARY_IDENTITY_VALUES unless given. */
  identities?: readonly string[];
}

export interface LeakReport {
  hits: LeakHit[];
  /** Every file and output looked at. */
  scanned: string[];
  bytes: number;
  canaries: number;
}

/** Scans a scenario's files and output for its identity values and plaintext markers. */
export function leakScan(scenario: LeakScenario): LeakReport {
  const canaries = [...(scenario.identities ?? CANARY_IDENTITY_VALUES), ...(scenario.markers ?? [])];
  for (const canary of canaries) {
    // A short canary would match by chance in megabytes of ciphertext.
    if (Buffer.byteLength(canary) < 8) throw new Error(`canary too short to scan for: ${JSON.stringify(canary)}`);
  }
  const { hits, files, bytes } = scan(canaries, scenario.dirs, scenario.outputs ?? {});
  return { hits, scanned: files, bytes, canaries: canaries.length };
}

/**
 * leakScan, throwing a readable error on any hit; also makes sure the files that must have been
 * looked at (e.g. `tipline.db`, `tipline.db-wal`: names ending the scanned paths) were.
 */
export function expectNoLeaks(scenario: LeakScenario, mustScan: string[] = []): LeakReport {
  const report = leakScan(scenario);
  const missing = mustScan.filter((name) => !report.scanned.some((path) => path === name || path.endsWith(`/${name}`)));
  if (missing.length) throw new Error(`leak scan did not find ${missing.join(', ')} among ${report.scanned.join(', ')}`);
  if (report.hits.length) {
    const lines = report.hits.slice(0, 50).map((h) => `  ${JSON.stringify(h.canary)} in ${h.where} (${h.encoding})`);
    throw new Error(`leak scan: ${report.hits.length} canary hit(s):\n${lines.join('\n')}`);
  }
  return report;
}

/**
 * A distinctive plaintext marker for one scenario: `PLAINTEXT-MARKER-<label>-<random>`. Random,
 * so that another engineer's run on the same machine can never produce a false hit.
 */
export function plaintextMarker(label: string): string {
  const random = new Uint8Array(8);
  globalThis.crypto.getRandomValues(random);
  return `PLAINTEXT-MARKER-${label}-${Buffer.from(random).toString('hex')}`;
}

/** `fetch` with every canary identity header (and `extra`) added to each request. */
export function withCanaryHeaders(base: typeof fetch = fetch, extra: Record<string, string> = {}): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries({ ...CANARY_IDENTITY_HEADERS, ...extra })) headers.set(name, value);
    return base(input, { ...init, headers });
  };
}

/**
 * Where a scenario's server keeps its files: `data/` for the database and `tmp/` as its TMPDIR
 * (so the scan covers every temporary file it makes and nothing another process made), and the
 * environment that points it there.
 */
export function serverDirs(root: string): { dataDir: string; tmpDir: string; dbUrl: string; env: Record<string, string> } {
  const dataDir = join(root, 'data');
  const tmpDir = join(root, 'tmp');
  const dbUrl = `file:${join(dataDir, 'tipline.db')}`;
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  return { dataDir, tmpDir, dbUrl, env: { DATABASE_URL: dbUrl, TMPDIR: tmpDir } };
}
