// `npm run bench`: intake, upload and crypto benchmarks in sequence (docs/performance.md), a
// Markdown summary on stdout and machine-readable results in bench/results/latest.json.
//
//   npm run bench                          full run (intake 3 s + 10 s per server, 1 GiB upload)
//   npm run bench -- --quick               short intake windows, 64 MiB upload
//   npm run bench -- --only intake         one benchmark (intake | upload | crypto | strip | inbox | inbox-browser | rotation; repeatable)
//   npm run bench -- --only inbox-browser  decrypt and render a page of 50 tips in Chromium (bench/inbox-browser.ts)
//   npm run bench -- --upload-mb 256       another upload size
//   npm run bench -- --only load           autocannon on intake, the return page and the staff inbox (bench/load.ts)
//   npm run bench -- --only soak-memory    intake for 10 min, server RSS every 10 s (--soak-minutes N; only when named)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAudit } from './audit.ts';
import { INBOX_FULL, INBOX_QUICK, runInbox } from './inbox.ts';
import { INTAKE_FULL, INTAKE_QUICK, runIntake, type IntakeResult } from './intake.ts';
import { LOAD_FULL, LOAD_QUICK, runLoad } from './load.ts';
import { runSoakMemory, SOAK_FULL, SOAK_QUICK } from './soak-memory.ts';
import { finish, killAll, ROOT, spawnNode, TSX } from './lib/processes.ts';
import { runRotation, TARGET_KEYS_PER_SEC } from './rotation.ts';
import { runStrip } from './strip.ts';
import { runUpload, type UploadResult } from './upload.ts';

const BENCHES = ['intake', 'upload', 'crypto', 'strip', 'inbox', 'inbox-browser', 'rotation', 'load', 'audit', 'soak-memory'] as const;
/** Run only when named with --only (10 minutes). */
const ON_REQUEST: readonly string[] = ['soak-memory'];
const { values } = parseArgs({ options: {
  only: { type: 'string', multiple: true }, quick: { type: 'boolean', default: false }, 'upload-mb': { type: 'string' },
  'soak-minutes': { type: 'string' },
} });
const only = (values.only ?? BENCHES.filter((b) => !ON_REQUEST.includes(b))).flatMap((v) => v.split(','));
for (const name of only) if (!(BENCHES as readonly string[]).includes(name)) throw new Error(`--only ${name}: expected ${BENCHES.join(', ')}`);
const uploadMb = Number(values['upload-mb'] ?? (values.quick ? 64 : 1024));
if (!Number.isSafeInteger(uploadMb) || uploadMb < 1) throw new Error('--upload-mb must be a positive integer');

// Ctrl-C or a kill: exit, which runs the exit hook that kills every child process group.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { killAll(); process.exit(130); });

const log = (line: string) => process.stderr.write(`${line}\n`);
const results: Record<string, unknown> = {
  date: new Date().toISOString(), node: process.version, cpus: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
  loadAvgAtStart: loadavg()[0], options: { only, quick: values.quick, uploadMb },
};
const markdown: string[] = [`# Tipline benchmarks`, '', `${results.date}, Node ${process.version}, ${results.cpus}${values.quick ? ', **quick run**' : ''}`, ''];
const verdict = (pass: boolean) => (pass ? 'PASS' : '**FAIL**');
let failed = false;

async function section(name: string, run: () => Promise<unknown>) {
  if (!only.includes(name)) return;
  try {
    results[name] = await run();
  } catch (error) {
    failed = true;
    results[name] = { error: String(error) };
    markdown.push(`## ${name}`, '', `**ERROR**: ${String(error).slice(0, 2000)}`, '');
  }
}

await section('intake', async () => {
  const r: IntakeResult = await runIntake(values.quick ? INTAKE_QUICK : INTAKE_FULL, log);
  markdown.push('## Intake: POST /api/v1/tips, ~4 KiB sealed messages', '',
    `${r.options.connections} connections, ${r.options.warmupSeconds} s warm-up + ${r.options.seconds} s measured per server, ${r.options.bodies} distinct bodies of ${r.bodyBytes} bytes`, '',
    '| server | req/s | p50 ms | p99 ms | non-2xx/errors/timeouts | server CPU ms/req | server peak RSS MiB | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.servers.map((s) => `| ${s.name} | ${s.reqPerSec.toFixed(0)} | ${s.p50Ms} | ${s.p99Ms} | ${s.non2xx}/${s.errors}/${s.timeouts} | ${s.serverCpuMsPerReq.toFixed(2)} | ${s.serverPeakRssMiB.toFixed(0)} | ${s.loadAvg.toFixed(2)} |`),
    '', `tipline / baseline = **${(r.ratio * 100).toFixed(1)}%** (target >= 85%): ${r.valid ? verdict(r.pass) : '**INVALID RUN** (non-2xx, errors, timeouts or different rows)'}`, '',
    `Server CPU per request, baseline / tipline = ${(r.cpuRatio * 100).toFixed(1)}% (the same comparison, much less sensitive to other load on the machine)`, '',
    `On a local libSQL server (sqld over HTTP) instead of the embedded file: tipline-sqld / tipline = ${(r.sqldRatio * 100).toFixed(1)}% of the req/s (reported, no target; docs/performance.md explains the gap)`, '',
    ...(r.rowMismatches.length ? ['The baseline no longer stores what submitTip stores; update bench/baseline-server.ts:', '', ...r.rowMismatches.map((m) => `- ${m}`), ''] : []));
  if (!r.pass) failed = true;
  return r;
});

await section('upload', async () => {
  const r: UploadResult = await runUpload(uploadMb, log);
  const u = r.upload;
  markdown.push(`## Upload: one ${r.megabytes} MiB file`, '',
    '| step | time s | MiB/s | peak RSS MiB |', '|---|---:|---:|---:|',
    `| seal + send (client, src/client/submit.ts) | ${u.elapsedS.toFixed(1)} | ${u.mibPerSec.toFixed(1)} | ${u.clientPeakRssMiB.toFixed(0)} |`,
    `| store (server, src/node.ts; idle ${u.serverIdleRssMiB.toFixed(0)} MiB) | | | ${u.serverPeakRssMiB.toFixed(0)} |`,
    `| open (tipline tips export, ${r.export.measuredWith}) | ${r.export.elapsedS.toFixed(1)} | ${r.export.mibPerSec.toFixed(1)} | ${r.export.peakRssMiB.toFixed(0)} |`,
    '', `CPU during the upload: client ${u.clientCpuS.toFixed(1)} s, server ${u.serverCpuS.toFixed(1)} s (of ${u.elapsedS.toFixed(1)} s elapsed). ` +
      `Database after upload: ${u.dbMiB.toFixed(0)} MiB. Exported file SHA-256 ${r.sha256Match ? 'matches' : '**DIFFERS**'}.`,
    `Peak RSS < 200 MB (10^6 bytes) for sealing and opening: ${verdict(r.pass)}; server also under it: ${r.serverUnderLimit ? 'yes' : '**no**'}`, '');
  if (!r.pass) failed = true;
  return r;
});

await section('crypto', async () => {
  // bench/crypto.ts belongs to the crypto module's owner: run it as it is and keep its output.
  if (!existsSync(join(ROOT, 'bench/crypto.ts'))) {
    markdown.push('## Crypto', '', 'bench/crypto.ts is not there yet: skipped.', '');
    return { skipped: 'bench/crypto.ts not found' };
  }
  log('crypto: node tsx bench/crypto.ts');
  const started = performance.now();
  const { code, output } = await finish(spawnNode([TSX, 'bench/crypto.ts']), 15 * 60_000);
  if (code !== 0) failed = true;
  markdown.push('## Crypto (bench/crypto.ts)', '', `exit code ${code}`, '', '```', output.trimEnd(), '```', '');
  return { exitCode: code, elapsedS: (performance.now() - started) / 1000, output };
});

await section('strip', async () => {
  const r = await runStrip({ quick: values.quick ?? false }, log);
  markdown.push('## Metadata stripping', '', '| file | MB | s | MB/s | peak RSS MiB | result |', '|---|---:|---:|---:|---:|---|',
    ...r.large.map((l) => `| ${l.file} | ${l.megabytes.toFixed(1)} | ${l.seconds.toFixed(2)} | ${l.mbPerSecond.toFixed(0)} | ${l.peakRssMiB.toFixed(0)} | ${l.status} |`),
    '', `Mixed folder of ${r.folder.files} files, whole process: tipline strip ${r.folder.tiplineSeconds.map((x) => x.toFixed(2)).join(' / ')} s, ` +
      `exiftool -all= ${r.folder.exiftoolSeconds.map((x) => x.toFixed(2)).join(' / ')} s; median ratio ${r.folder.ratio.toFixed(2)} (target <= 1): ${verdict(r.folder.pass)}`, '');
  if (!r.folder.pass) failed = true;
  return r;
});

await section('inbox', async () => {
  const r = await runInbox(values.quick ? INBOX_QUICK : INBOX_FULL, log);
  markdown.push(`## Inbox: GET /api/v1/staff/tips from ${r.options.tips.toLocaleString('en')} tips (server time, in process)`, '',
    `Seeded in ${r.seedSeconds.toFixed(1)} s, database ${r.dbMiB.toFixed(0)} MiB; ${r.options.warmup} warm-up requests per case.`, '',
    '| case | requests | tips/page | KiB/page | p50 ms | p99 ms | max ms | CPU ms/request |', '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.cases.map((c) => `| ${c.name} | ${c.requests} | ${c.tipsPerPage} | ${(c.bytesPerPage / 1024).toFixed(0)} | ${c.p50Ms} | ${c.p99Ms} | ${c.maxMs} | ${c.cpuMsPerReq} |`),
    '', `Plan of the target query: ${r.plan.join('; ')}`, '',
    `p99 < 20 ms for status + label, using tips_desk_status_idx without a sort: ${verdict(r.pass)}`, '');
  if (!r.pass) failed = true;
  return r;
});

await section('inbox-browser', async () => {
  // bench/inbox-browser.ts is a script of its own (real Chromium, its own server): run it and
  // read the one table row it prints; its exit code is its verdict (0 pass, 1 fail or error).
  const runs = values.quick ? 5 : 10;
  log(`inbox-browser: node tsx bench/inbox-browser.ts --runs ${runs}`);
  const { code, output } = await finish(spawnNode([TSX, 'bench/inbox-browser.ts', '--runs', String(runs)]), 15 * 60_000);
  const row = output.split('\n').find((line) => /^\| \d+ tips, \d+ loads \|/.test(line));
  if (!row) throw new Error(`bench/inbox-browser.ts exited ${code} without its result row:\n${output.slice(-2000)}`);
  const cells = row.split('|').slice(1, -1).map((c) => c.trim());
  const tips = Number(/^\d+/.exec(cells[0]!)![0]);
  const [decryptMedianMs, decryptMaxMs, fromNavigationMedianMs, fromNavigationMaxMs, fastestDecryptMs, loadAvg] = cells.slice(1, 7).map(Number);
  const targetMs = Number(/\(< (\d+) ms\)/.exec(row)?.[1]);
  const pass = code === 0 && /PASS/.test(cells[7] ?? '');
  markdown.push(`## Inbox in the browser: decrypt and render a page of ${tips} tips in Chromium (bench/inbox-browser.ts)`, '',
    '| run | decrypt median ms | decrypt max ms | navigation → decrypted, median ms | max ms | fastest decrypt ms | load avg | verdict |',
    '|---|---:|---:|---:|---:|---:|---:|---|', row, '',
    `Median decrypt-and-render of a page of ${tips} tips < ${targetMs} ms (first load not counted): ${verdict(pass)}`, '');
  if (!pass) failed = true;
  return { tips, runs, exitCode: code, decryptMedianMs, decryptMaxMs, fromNavigationMedianMs, fromNavigationMaxMs, fastestDecryptMs, loadAvg, targetMs, pass };
});

await section('rotation', async () => {
  const r = await runRotation({ tips: values.quick ? 5000 : 20000 }, log);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const n = (x: number) => x.toFixed(0);
  markdown.push(`## Key rotation: tipline desk rotate over ${r.tips} tips`, '',
    '| measure | per second | per CPU-second |', '|---|---:|---:|',
    `| X25519, one core (before / after the run) | ${n(r.x25519.before.perSecond)} / ${n(r.x25519.after.perSecond)} | ${n(r.x25519.before.perCpuSecond)} / ${n(r.x25519.after.perCpuSecond)} |`,
    `| re-seals, one core (openSealed + sealToPublicKey: 3 X25519) | ${n(r.resealOneCore.perSecond)} | ${n(r.resealOneCore.perCpuSecond)} |`,
    `| **CLI re-seal phase, tip keys** (${r.cli.workers} workers) | **${n(r.cli.keysPerSec)}** | ${n(r.cli.keysPerCpuSecond)} (${pct(r.perCpuSecond.cpuEfficiency)} of one core's) |`,
    `| whole command, tip keys (start-up, activation and finish included) | ${n(r.cli.wallKeysPerSec)} | |`, '',
    `Ratio to the two-core ceiling measured in this run (2 x one-core re-seals/s = ${n(r.ceilings.twoCore)}): ${pct(r.ratioToTwoCoreCeiling)}; ` +
      `to the issue's ceiling (2 cores x X25519/s / 2 = ${n(r.ceilings.issue)}): ${pct(r.ratioToIssueCeiling)}. ` +
      `With both cores to itself the command would re-seal ~${n(r.perCpuSecond.projectedTwoCoreKeysPerSec)} keys/s (2 x its rate per CPU-second).`, '',
    `Target >= ${TARGET_KEYS_PER_SEC} tip keys/s: ${verdict(r.pass)} (load average ${r.loadAvg.toFixed(2)}; a sample of ${r.sampleVerified} tips opened with the new key)`, '');
  if (!r.pass) failed = true;
  return r;
});

await section('load', async () => {
  const r = await runLoad(values.quick ? LOAD_QUICK : LOAD_FULL, log);
  markdown.push('## Load: autocannon on loopback against the real server', '',
    `${r.options.connections} connections, ${r.options.warmupSeconds} s warm-up + ${r.options.seconds} s measured per route; canary identity headers on every request`, '',
    '| route | req/s | p50 ms | p99 ms | non-2xx/errors/timeouts | server CPU ms/req | load avg |', '|---|---:|---:|---:|---:|---:|---:|',
    ...r.routes.map((x) => `| ${x.name}: ${x.method} ${x.path} | ${x.reqPerSec.toFixed(0)} | ${x.p50Ms} | ${x.p99Ms} | ${x.non2xx}/${x.errors}/${x.timeouts} | ${x.serverCpuMsPerReq.toFixed(2)} | ${x.loadAvg.toFixed(2)} |`),
    ...r.skipped.map((x) => `\nSkipped: ${x}`), '',
    `Server peak RSS ${r.serverPeakRssMiB.toFixed(0)} MiB. Leak scan: ${r.leakScan.hits} hits for ${r.leakScan.canaries} canaries in ${r.leakScan.files} files (${r.leakScan.megabytes.toFixed(1)} MiB). ` +
      `Valid (all 2xx, no canary): ${verdict(r.valid)}`, '');
  if (!r.valid) failed = true;
  return r;
});

await section('soak-memory', async () => {
  const minutes = values['soak-minutes'] !== undefined ? Number(values['soak-minutes']) : (values.quick ? SOAK_QUICK : SOAK_FULL).minutes;
  if (!(minutes > 0)) throw new Error('--soak-minutes must be a positive number');
  const r = await runSoakMemory({ ...(values.quick ? SOAK_QUICK : SOAK_FULL), minutes }, log);
  markdown.push(`## Memory soak: intake for ${r.options.minutes} min`, '',
    `${r.requests} requests (${r.reqPerSec.toFixed(0)} req/s, non-2xx ${r.non2xx}, errors ${r.errors}), database ${r.dbMiB.toFixed(0)} MiB at the end, load avg ${r.loadAvgStart.toFixed(2)} → ${r.loadAvgEnd.toFixed(2)}`, '',
    `Server RSS: idle ${r.idleRssMiB.toFixed(1)} MiB; first minute under load ${r.firstMinuteMedianMiB.toFixed(1)} MiB (median), last minute ${r.lastMinuteMedianMiB.toFixed(1)} MiB: ` +
      `**${r.growthMiB >= 0 ? '+' : ''}${r.growthMiB.toFixed(1)} MiB (${r.growthPercent.toFixed(1)}%)**; slope over the second half ${r.secondHalfSlopeMiBPerMin.toFixed(2)} MiB/min; peak ${r.peakRssMiB.toFixed(1)} MiB`, '',
    `Samples (s: MiB): ${r.samples.map((x) => `${x.seconds}: ${x.rssMiB.toFixed(0)}`).join(', ')}`, '',
    `Growth <= max(20 MiB, 10%), all 2xx, no canary (${r.leakHits} hits): ${verdict(r.pass)}`, '');
  if (!r.pass) failed = true;
  return r;
});

await section('audit', async () => {
  const r = await runAudit(log);
  markdown.push(`## Audit: tipline audit verify on ${r.entries.toLocaleString('en')} entries and ${r.checkpoints} signed checkpoints`, '',
    `Built in ${r.buildSeconds.toFixed(1)} s (raw SQL, real chain), database ${r.dbMiB.toFixed(0)} MiB. Whole CLI process, start to exit:`, '',
    '| run | threads | wall s | CPU s | load avg |', '|---|---:|---:|---:|---:|',
    ...r.runs.map((x, i) => `| ${i + 1} | ${x.threads} | ${x.wallSeconds.toFixed(2)} | ${x.cpuSeconds.toFixed(2)} | ${x.loadAvg.toFixed(2)} |`), '',
    `Median of the default runs ${r.medianSeconds.toFixed(2)} s (${Math.round(r.entriesPerSecond).toLocaleString('en')} entries/s); target < 10 s: ${verdict(r.pass)}`, '');
  if (!r.pass) failed = true;
  return r;
});

results.loadAvgAtEnd = loadavg()[0];
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
markdown.push(`Load average (1 min): ${(results.loadAvgAtStart as number).toFixed(2)} at start, ${(results.loadAvgAtEnd as number).toFixed(2)} at end. Results: bench/results/latest.json`);
process.stdout.write(`${markdown.join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
