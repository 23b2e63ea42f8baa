// A fresh app on a fresh temporary file database (libSQL `:memory:` loses its schema inside
// interactive transactions, so tests use real files), with captured log lines.
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createApp, type AppConfig, type AppDeps } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import type { Clock, DomainContext } from '../../src/domain/context.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { generateBoxKeyPair, type KeyPair } from '../../src/crypto/index.ts';
import { tempDir } from './temp.ts';
import { DEFAULT_INTAKE_LIMITS, type IntakeLimits } from '../../src/http/intake-gate.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  ctx: DomainContext;
  db: Database;
  dataDir: string;
  dbUrl: string;
  logs: string[];
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export const fixedClock = (iso = '2026-11-22T13:37:42.123Z'): Clock => ({ now: () => new Date(iso) });

export interface TestAppOptions {
  clock?: Clock;
  accessLog?: boolean;
  intake?: Partial<IntakeLimits>;
  /** Page settings and the like (newsroom, onionAddress, formMaxBytes, minMessageChars). */
  config?: Omit<Partial<AppConfig>, 'accessLog' | 'intake'>;
  assets?: AppDeps['assets'];
}

export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = tempDir();
  const dbUrl = `file:${join(dir.path, 'tipline.db')}`;
  const db = await openNodeDatabase({ url: dbUrl });
  cleanups.push(() => {
    db.close();
    dir.remove();
  });
  const logs: string[] = [];
  const clock = options.clock ?? fixedClock();
  const app = createApp({
    db,
    clock,
    // Proof of work off unless a test turns it on: it is tested on its own.
    config: { ...options.config, accessLog: options.accessLog ?? true, intake: { ...DEFAULT_INTAKE_LIMITS, powDifficulty: 0, ...options.intake } },
    log: { info: (line) => logs.push(line), error: (line) => logs.push(line) },
    ...(options.assets ? { assets: options.assets } : {}),
  });
  return { app, ctx: { db, clock }, db, dataDir: dir.path, dbUrl, logs };
}

export async function addDesk(t: TestApp, slug = 'investigations'): Promise<KeyPair & { slug: string }> {
  const keyPair = generateBoxKeyPair();
  await createDesk({ ctx: t.ctx, input: { slug, name: `Desk ${slug}`, publicKey: keyPair.publicKey, actor: { kind: 'admin-cli' } } });
  return { ...keyPair, slug };
}
