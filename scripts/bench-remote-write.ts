/**
 * Remote-write benchmark: a loopback sender pushes a fleet's scrapes at a steady rate to the app's
 * POST /api/v1/write for a while (the production server, built when stale, on a fresh database);
 * prints the samples/s it sustained, each request's latency (p50, p99), the server's peak RSS,
 * how long the rounds took to store the backlog after the last request, and checks that the
 * stored tokens are exactly what was sent (nothing lost, nothing twice).
 * Usage: npm run bench:remote-write -- [--seconds 60] [--rate 100000] [--nodes 278]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { createApiToken } from '@/lib/auth/tokens';
import { expectedTotals, fleetSeries, scrapeBodies } from '@/lib/bench/remoteWriteFleet';
import { freshDatabase, serverDescription } from '@/lib/bench/measure';
import { closeDb, createDb, type Db } from '@/lib/db/client';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { dropDatabase } from '@/lib/db/databases';
import { ensureBuild } from '@/lib/launch/build';
import { freePort } from '@/lib/launch/next';

const opts = new Command('bench:remote-write')
  .description('push a fleet to /api/v1/write at a steady rate and measure latency, memory and exactness')
  .option('--seconds <n>', 'how long to send', '60')
  .option('--rate <n>', 'samples per second to send', '100000')
  .option('--nodes <n>', 'nodes of 8 GPUs (9 series a GPU)', '278')
  .parse()
  .opts<{ seconds: string; rate: string; nodes: string }>();

const DATABASE = 'fl_bench_remote_write';
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startApp(url: string): Promise<{ base: string; child: ChildProcess }> {
  await ensureBuild({ root: process.cwd(), log: (l) => console.error(l), stdout: 'stderr' });
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.FLEETLEDGER_BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []), nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1', FLEETLEDGER_REMOTE_WRITE_QUIET_MS: '3000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, child };
    await sleep(250);
  }
  child.kill();
  throw new Error('the app did not start');
}

/** Peak resident memory (VmHWM) of a process and its children, MB. */
function peakRssMb(pid: number): number {
  const pids = [pid, ...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)];
  return Math.max(...pids.map((p) => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function stored(db: Db): Promise<{ rows: number; input: number; output: number; unread: number }> {
  const { rows } = await db.pool.query(
    `SELECT (SELECT count(*) FROM gpu_sample)::int AS rows, (SELECT coalesce(sum(input_tokens), 0) FROM gpu_sample)::float8 AS input,
            (SELECT coalesce(sum(output_tokens), 0) FROM gpu_sample)::float8 AS output,
            (SELECT count(*) FROM remote_write_batch WHERE round IS NULL)::int + (SELECT count(*) FROM remote_write_round WHERE done_at IS NULL)::int AS unread`,
  );
  return rows[0];
}

async function main(): Promise<void> {
  const admin = await resolveDatabaseUrl();
  console.log(`server: ${await serverDescription(admin)}`);
  const url = await freshDatabase(admin, DATABASE, true);
  const db = createDb(url);
  const app = await startApp(url);
  try {
    const { token } = await createApiToken(db, 'bench', ['ingest']);
    const series = fleetSeries(Number(opts.nodes));
    const intervalMs = Math.max(1, Math.round((series.length / Number(opts.rate)) * 1000));
    console.log(`${series.length} series (${Number(opts.nodes) * 8} GPUs), a scrape every ${intervalMs} ms: ${Math.round((series.length * 1000) / intervalMs)} samples/s for ${opts.seconds} s`);
    const latencies: number[] = [];
    const serverLatencies: number[] = [];
    let samples = 0;
    let failures = 0;
    const started = performance.now();
    const t0 = Date.now();
    let k = 0;
    // Prometheus sends each shard's requests one after another (a series' samples stay in order)
    // and the shards in parallel: one queue per shard here too.
    const shards: Promise<void>[] = [];
    const send = (body: Buffer) => {
      const sent = performance.now();
      return fetch(`${app.base}/api/v1/write`, {
        method: 'POST',
        body: new Uint8Array(body),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
      }).then(async (r) => {
        await r.arrayBuffer();
        latencies.push(performance.now() - sent);
        const handled = /dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '');
        if (handled) serverLatencies.push(Number(handled[1]));
        if (r.status !== 204) failures += 1;
      });
    };
    for (; performance.now() - started < Number(opts.seconds) * 1000; k++) {
      const due = started + k * intervalMs;
      if (due > performance.now()) await sleep(due - performance.now());
      scrapeBodies(series, k, t0 + k * intervalMs).forEach((body, shard) => {
        shards[shard] = (shards[shard] ?? Promise.resolve()).then(() => send(body));
      });
      samples += series.length;
    }
    await Promise.all(shards);
    const sendSeconds = (performance.now() - started) / 1000;
    const lastSent = performance.now();
    const expected = expectedTotals(series, k - 1);
    const gpus = Number(opts.nodes) * 8;
    let now = await stored(db);
    while ((now.unread > 0 || now.rows < gpus * (k - 1)) && performance.now() - lastSent < 600_000) {
      await sleep(500);
      now = await stored(db);
    }
    const drainSeconds = (performance.now() - lastSent) / 1000;
    latencies.sort((a, b) => a - b);
    serverLatencies.sort((a, b) => a - b);
    console.log(`sent ${samples} samples in ${latencies.length} requests over ${sendSeconds.toFixed(1)} s: ${Math.round(samples / sendSeconds)} samples/s (${failures} not answered 204)`);
    console.log(`request latency at the sender: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`);
    console.log(`  in the server (Server-Timing): p50 ${percentile(serverLatencies, 50).toFixed(1)} ms, p99 ${percentile(serverLatencies, 99).toFixed(1)} ms, max ${serverLatencies.at(-1)?.toFixed(1)} ms`);
    console.log(`stored every scrape's rows ${drainSeconds.toFixed(1)} s after the last request (settle 5 s, then rounds; the last scrape waits for 3 s of quiet)`);
    console.log(`server peak RSS ${Math.round(peakRssMb(app.child.pid!))} MB`);
    const exact = now.rows === gpus * (k - 1) && now.input === expected.input && now.output === expected.output;
    console.log(`stored ${now.rows} gpu_sample rows (expected ${gpus * (k - 1)}), input ${now.input} (expected ${expected.input}), output ${now.output} (expected ${expected.output}): ${exact ? 'nothing lost, nothing twice' : 'MISMATCH'}`);
    const { rows: jobs } = await db.pool.query<{ notices: { kind: string; metric: string; reason: string; samples: number }[] | null }>(
      `SELECT notices FROM ingest_job WHERE channel = 'remote-write'`,
    );
    for (const n of jobs.flatMap((j) => j.notices ?? [])) console.log(`  skipped or not read: ${n.metric}: ${n.reason} (${n.samples} samples)`);
    if (!exact || failures) process.exitCode = 1;
  } finally {
    app.child.kill('SIGTERM');
    await closeDb(db);
    await dropDatabase(admin, DATABASE);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
