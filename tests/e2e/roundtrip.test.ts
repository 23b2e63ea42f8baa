// The newcomer's path, with real processes: the CLI makes a desk, the Node server (as
// `npm start` runs it) takes a tip submitted by the CLI, export opens it byte for byte with the
// desk secret, and the audit chain verifies, until someone edits the database.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { randomBytes } from '../../src/crypto/index.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';

let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  dir?.remove();
  server = dir = undefined;
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('round trip through the running app', () => {
  it('desk create, submit, export byte-equal, audit verify; a damaged tip is named, not exported', async () => {
    dir = tempDir();
    const env = { DATABASE_URL: `file:${join(dir.path, 'data', 'tipline.db')}` };
    const keyFile = join(dir.path, 'desk.key');

    const created = await runCli(['desk', 'create', 'investigations', '--name', 'Investigations', '--secret-key-out', keyFile, '--recovery-key-out', `${keyFile}.recovery`], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await runCli(['desk', 'create', 'investigations', '--name', 'Again', '--secret-key-out', join(dir.path, 'other.key'), '--recovery-key-out', `${join(dir.path, 'other.key')}.recovery`], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);

    server = await startServer(env);
    const note = join(dir.path, 'note.txt');
    const scan = join(dir.path, 'scan.bin');
    writeFileSync(note, 'minutes of the 3 March meeting\n');
    const scanBytes = randomBytes(300_000);
    writeFileSync(scan, scanBytes);
    const submitted = await runCli(['submit', '--server', server.url, '--desk', 'investigations', '--message', 'Look at the March minutes.', '--file', note, '--file', scan], env);
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const tipId = submitted.stdout.trim();
    expect(tipId).toMatch(/^[0-9a-f]{32}$/);

    // A second tip from a hostile client whose file name tries to climb out of the export folder.
    const { tipId: hostileId } = await submitTip({
      server: server.url, desk: 'investigations', message: 'second',
      files: [{ name: '../../../../tmp/escape.txt', type: 'text/plain', size: 3, open: async function* () { yield new TextEncoder().encode('abc'); } }],
    });

    const out = join(dir.path, 'export');
    const exported = await runCli(['tips', 'export', '--desk', 'investigations', '--secret-key', keyFile, '--out', out], env);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(readFileSync(join(out, tipId, 'message.txt'), 'utf8')).toBe('Look at the March minutes.');
    expect(readFileSync(join(out, tipId, 'note.txt'), 'utf8')).toBe('minutes of the 3 March meeting\n');
    expect(sha(readFileSync(join(out, tipId, 'scan.bin')))).toBe(sha(scanBytes));
    expect(readdirSync(join(out, hostileId)).sort()).toEqual(['escape.txt', 'message.txt', 'tip.json']);
    expect(readdirSync(out).sort()).toEqual([hostileId, tipId].sort());

    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact: 8 entries/);

    expect(await server.stop('SIGTERM')).toBe(0); // graceful shutdown
    server = undefined;

    // Damage one chunk of the scan: export names the tip, exits non-zero, leaves nothing of it.
    const raw = createClient({ url: env.DATABASE_URL });
    await raw.execute({
      sql: "UPDATE chunks SET ciphertext = zeroblob(length(ciphertext)) WHERE idx = 1 AND part_id IN (SELECT id FROM parts WHERE tip_id = ? AND kind = 'file')",
      args: [tipId],
    });
    await raw.execute("UPDATE audit_log SET details = '{\"desk\":\"elsewhere\"}' WHERE seq = 3");
    raw.close();
    const out2 = join(dir.path, 'export2');
    const damaged = await runCli(['tips', 'export', '--desk', 'investigations', '--secret-key', keyFile, '--out', out2], env);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`cannot open tip ${tipId}`);
    expect(readdirSync(out2)).toEqual([hostileId]);

    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at entry 3 \(edited\)/);
  });

  it('rejects usage errors with exit code 2', async () => {
    dir = tempDir();
    const env = { DATABASE_URL: `file:${join(dir.path, 'tipline.db')}` };
    expect((await runCli(['desk', 'create', 'x'], env)).code).toBe(2);
    expect((await runCli(['no-such-command'], env)).code).toBe(2);
    expect((await runCli(['tips', 'export', '--desk', 'x', '--out', dir.path, '--bogus'], env)).code).toBe(2);
  });
});
