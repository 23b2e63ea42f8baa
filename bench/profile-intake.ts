// Where does an intake request's server time go? Runs the intake load against one server with
// V8's sampling profiler on (`node --cpu-prof`), then sums self time of the main thread, counting
// only samples taken in the measured window (startup and warm-up excluded), by package or source
// file and by function. Samples are wall-clock: time blocked in a synchronous native call (libsql
// waiting for fsync) counts where it blocks; GC and compiler threads are not in it.
//
//   node node_modules/tsx/dist/cli.mjs bench/profile-intake.ts [--server tipline|baseline|tipline-sqld] [--seconds 10] [--top 25]
//   add --keep DIR to keep the .cpuprofile (open it in Chrome DevTools > Performance)
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fromBase64 } from '../src/crypto/index.ts';
import { startSqld } from '../tests/helpers/sqld.ts';
import { load, makeBodies, TARGETS } from './intake.ts';
import { ROOT, runCli, startServer, tempDir } from './lib/processes.ts';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

const { values } = parseArgs({ options: {
  server: { type: 'string', default: 'tipline' }, seconds: { type: 'string', default: '10' }, top: { type: 'string', default: '25' }, keep: { type: 'string' },
} });
const target = TARGETS.find((t) => t.name === values.server && t.usesDb);
if (!target) throw new Error('--server must be tipline, baseline or tipline-sqld');

/** "zod", "drizzle-orm", "src/http/validate.ts", "node:internal", "(garbage collector)"... */
function owner(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url; // node:internal/webstreams/readablestream, ...
  return url.replace(/^file:\/\//, '').replace(ROOT, '');
}

const dir = tempDir('profile');
const sqld = target.sqld ? await startSqld() : null;
try {
  const databaseUrl = sqld ? sqld.url : `file:${join(dir.path, 'tipline.db')}`;
  const keyFile = join(dir.path, 'desk.key');
  await runCli(['desk', 'create', 'bench', '--name', 'Bench', '--secret-key-out', keyFile, '--recovery-key-out', `${keyFile}.recovery`], databaseUrl);
  const bodies = makeBodies(200, fromBase64(JSON.parse(readFileSync(keyFile, 'utf8')).publicKey));
  const profDir = join(dir.path, 'prof');
  const server = await startServer(target.script, { DATABASE_URL: databaseUrl, ...target.env }, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  let windowUs: [number, number];
  let requests: number;
  try {
    await load(server.url, bodies, 20, 2);
    // V8 profile timestamps and hrtime are both CLOCK_MONOTONIC on Linux: comparable across processes.
    const start = Number(process.hrtime.bigint() / 1000n);
    requests = (await load(server.url, bodies, 20, Number(values.seconds))).requests.total;
    windowUs = [start, Number(process.hrtime.bigint() / 1000n)];
  } finally {
    await server.stop(); // graceful exit: V8 writes the profile
  }
  const file = readdirSync(profDir).find((f) => f.includes(`.${server.pid}.`));
  if (!file) throw new Error(`no profile of pid ${server.pid} in ${readdirSync(profDir).join(', ')}`);
  if (values.keep) copyFileSync(join(profDir, file), join(values.keep, `${target.name}.cpuprofile`));
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile;

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perOwner = new Map<string, number>();
  const perFunction = new Map<string, number>();
  let t = profile.startTime;
  let counted = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!;
    if (t < windowUs[0] || t > windowUs[1]) return;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    counted += 1;
    const who = owner(url, functionName);
    perOwner.set(who, (perOwner.get(who) ?? 0) + 1);
    const fn = `${functionName || '(anonymous)'} ${who}:${lineNumber + 1}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + 1);
  });
  const top = Number(values.top);
  const sampleUs = profile.timeDeltas.reduce((a, b) => a + b, 0) / profile.timeDeltas.length;
  const table = (title: string, map: Map<string, number>) => [
    `| ${title} | busy % | µs/req |`, '|---|---:|---:|',
    ...[...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) =>
      `| ${k} | ${((100 * n) / counted).toFixed(1)} | ${((n * sampleUs) / requests).toFixed(0)} |`),
  ].join('\n');
  const busyMs = (counted * sampleUs) / 1000;
  console.log(`# CPU profile of ${target.name} under intake load\n\n${requests} requests in ${values.seconds} s; ${counted} non-idle samples ` +
    `(~${sampleUs.toFixed(0)} µs each): ${busyMs.toFixed(0)} ms busy on the main thread, ${((busyMs * 1000) / requests).toFixed(0)} µs per request\n`);
  console.log(table('package / file (self time)', perOwner), '\n');
  console.log(table('function (self time)', perFunction));
} finally {
  await sqld?.stop();
  dir.remove();
}
