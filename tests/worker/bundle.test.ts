// What the Worker ships: (1) src/worker.ts and everything it imports bundle for a platform
// without Node's modules, so no Node-only API can creep in (the workerd tests cannot tell: the
// vitest pool turns Node compatibility on for them); (2) `wrangler deploy --dry-run` builds the
// deployable bundle from wrangler.toml, without nodejs_compat, under the size limit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Cloudflare's limit for a Worker on the free plan: 3 MB after compression (10 MB paid). */
const FREE_PLAN_GZIP_LIMIT = 3 * 1000 * 1000;

/** Bundles `entry` as workerd would see it; resolves to esbuild's errors as "importer: problem". */
async function nodeFreeProblems(entry: string): Promise<string[]> {
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      // No Node built-ins exist on this platform: `node:*`, `fs`, `crypto`… fail to resolve. A
      // package's "browser" field may still swap one for nothing (tweetnacl's `crypto`, whose
      // Node fallback never runs where `crypto.getRandomValues` exists), as wrangler does.
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      logLevel: 'silent',
    });
    return [];
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location: { file: string } | null }> }).errors;
    if (!errors) throw error;
    return errors.map((e) => `${e.location?.file ?? '?'}: ${e.text}`);
  }
}

const out = tempDir('tipline-wrangler-');
afterAll(() => out.remove());

describe('the Worker bundle', () => {
  it('needs nothing from Node: src/worker.ts bundles for a platform without Node built-ins', async () => {
    expect(await nodeFreeProblems('src/worker.ts')).toEqual([]);
  });

  it('names the importer when something Node-only is reached (the check can fail)', async () => {
    const problems = await nodeFreeProblems('src/web/assets-node.ts');
    expect(problems).toContain('src/web/assets-node.ts: Could not resolve "node:fs/promises"');
    expect((await nodeFreeProblems('src/db/open-node.ts')).join('\n')).toMatch(/^src\/db\/open-node\.ts: Could not resolve "node:fs"$/m);
  });

  it('deploys dry: wrangler bundles it without nodejs_compat, with the assets, under the free plan limit', async () => {
    const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', out.path], {
        cwd: ROOT,
        // No account, no telemetry: a dry run talks to nobody.
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_API_TOKEN: '', CI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
    expect(run.output).not.toMatch(/nodejs_compat|\[ERROR\]/);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/env\.ASSETS\s+Assets/);
    expect(run.output).toMatch(/Read \d+ files? from the assets directory/);

    const bundle = readFileSync(join(out.path, 'worker.js'));
    const gzip = gzipSync(bundle, { level: 9 }).length;
    // Wrangler's own count (what Cloudflare checks) and ours; docs/performance.md records them.
    const [, raw, compressed] = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(run.output) ?? [];
    console.log(`worker bundle: ${bundle.length} bytes, ${gzip} gzip -9 (wrangler: ${raw} KiB, ${compressed} KiB gzip)`);
    expect(Number(compressed) * 1024).toBeLessThan(FREE_PLAN_GZIP_LIMIT);
    expect(gzip).toBeLessThan(FREE_PLAN_GZIP_LIMIT);
    // The app is really in there: its routes and the libSQL HTTP client.
    const code = bundle.toString('utf8');
    expect(code).toContain('/api/v1/desks');
    expect(code).toContain('v2/pipeline');
  }, 180_000);
});
