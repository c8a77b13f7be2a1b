/**
 * Upload memory benchmark: streams a generated canonical JSONL body of N GB (never held in memory
 * or on disk) to the app's POST /api/v1/ingest (the production server, built when stale, on a fresh
 * database) and prints the server's peak RSS during it against a baseline upload of a few MB in the
 * same run: bounded memory means the ratio stays near 1 however large the body.
 * Usage: npm run bench:upload-memory -- [--gb 1] [--baseline-mb 50]
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { createApiToken } from '@/lib/auth/tokens';
import { startBuiltApp } from '@/lib/bench/load/appProcess';
import { freshDatabase, serverDescription } from '@/lib/bench/measure';
import { closeDb, createDb } from '@/lib/db/client';
import { resolveDatabaseUrl } from '@/lib/db/config';
import { dropDatabase } from '@/lib/db/databases';
import { ensureBuild } from '@/lib/launch/build';

const opts = new Command('bench:upload-memory')
  .description("stream an N-GB upload to POST /api/v1/ingest and print the server's peak RSS against a small baseline upload")
  .option('--gb <n>', 'size of the large upload in GB (5 for the 5 GB check)', '1')
  .option('--baseline-mb <n>', 'size of the baseline upload in MB', '50')
  .parse()
  .opts<{ gb: string; baselineMb: string }>();

const DATABASE = 'fl_bench_upload_memory';
const MB = 1024 * 1024;

/** Resident memory of a process and its children, MB (the largest of them: next start forks one server). */
function rssMb(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return Math.max(...[pid, ...children].map((p) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }));
}

/** `bytes` of request lines, made as the upload pulls them, each with its own id. */
function jsonlBody(bytes: number, idPrefix: string): Readable {
  const t0 = Date.parse('2025-02-01T00:00:00Z');
  let sent = 0;
  let i = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      const lines: string[] = [];
      for (let k = 0; k < 2000; k++, i++) {
        lines.push(JSON.stringify({ type: 'request', request_id: `${idPrefix}-${i}`, arrived_at: new Date(t0 + i * 7).toISOString(), input_tokens: 1000 + (i % 977), cached_tokens: i % 500, output_tokens: 100 + (i % 311), model: 'deepseek-r1' }));
      }
      const chunk = Buffer.from(`${lines.join('\n')}\n`);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

interface UploadResult {
  bytes: number;
  seconds: number;
  peakRssMb: number;
  status: number;
  accepted: number;
  rejected: number;
}

/** Streams the body (chunked, so the server cannot size a buffer from Content-Length) and samples the server's RSS meanwhile. */
async function upload(port: number, token: string, serverPid: number, bytes: number, name: string): Promise<UploadResult> {
  let peak = rssMb(serverPid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(serverPid))), 100);
  const started = performance.now();
  let sent = 0;
  const body = jsonlBody(bytes, name);
  body.on('data', (c: Buffer) => (sent += c.length));
  try {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/v1/ingest?file=${name}.jsonl`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' } }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (c: Buffer) => parts.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', reject);
      body.pipe(request);
    });
    const summary = (JSON.parse(text) as { files?: { accepted: number; rejected: number; error?: string }[] }).files?.[0];
    if (status !== 200 || !summary) throw new Error(`upload ${name} answered ${status}: ${text.slice(0, 300)}`);
    return { bytes: sent, seconds: (performance.now() - started) / 1000, peakRssMb: Math.max(peak, rssMb(serverPid)), status, accepted: summary.accepted, rejected: summary.rejected };
  } finally {
    clearInterval(sampler);
  }
}

const describe = (label: string, r: UploadResult) =>
  `${label}: ${(r.bytes / MB).toFixed(0)} MB in ${r.seconds.toFixed(1)} s (${(r.bytes / MB / r.seconds).toFixed(1)} MB/s), ${r.accepted} rows accepted, ${r.rejected} rejected, server peak RSS ${r.peakRssMb.toFixed(0)} MB`;

async function main(): Promise<void> {
  const admin = await resolveDatabaseUrl();
  console.log(`server: ${await serverDescription(admin)}`);
  const url = await freshDatabase(admin, DATABASE, true);
  const db = createDb(url);
  await ensureBuild({ root: process.cwd(), log: (l) => console.error(l), stdout: 'stderr' });
  const app = await startBuiltApp(url, {});
  const port = Number(new URL(app.base).port);
  try {
    const { token } = await createApiToken(db, 'bench', ['ingest']);
    const pid = app.child.pid ?? 0;
    console.log(`server idle: RSS ${rssMb(pid).toFixed(0)} MB`);
    const baseline = await upload(port, token, pid, Number(opts.baselineMb) * MB, 'baseline');
    console.log(describe('baseline', baseline));
    const large = await upload(port, token, pid, Number(opts.gb) * 1024 * MB, 'large');
    console.log(describe('large', large));
    console.log(`body ${(large.bytes / baseline.bytes).toFixed(1)}× the baseline's; server peak RSS ${(large.peakRssMb / baseline.peakRssMb).toFixed(2)}× the baseline's`);
  } finally {
    await app.stop();
    await closeDb(db);
    await dropDatabase(admin, DATABASE);
  }
}

main().catch((e: Error) => {
  console.error(`bench:upload-memory: ${e.message}`);
  process.exit(1);
});
