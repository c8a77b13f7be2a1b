import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { getStoredTotals } from '@/lib/db/ingest/storedTotals';

// A process killed with SIGKILL at a random point mid-ingest, then run again, must leave the
// same rows and rollups as one clean run: batches are transactions and keys dedupe.
let killed: TestDb;
let clean: TestDb;
let dir: string;
let file: string;

const T0 = Date.parse('2025-02-27T04:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function fleetFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    lines.push(JSON.stringify({ type: 'request', request_id: `req-${i}`, arrived_at: iso(T0 + i * 700), input_tokens: 900 + (i % 97), cached_tokens: i % 300, output_tokens: 40 + (i % 13) }));
    lines.push(JSON.stringify({ type: 'gpu_sample', ts: iso(T0 + 10_000 * (1 + Math.floor(i / 8))), interval_s: 10, node: `n${i % 3}`, gpu: i % 8, role: 'decode', input_tokens: 0, cached_tokens: 0, output_tokens: 100 + (i % 50), kv_cache_tokens: 5000 + i }));
    if (i % 1000 === 0) lines.push('{"type":"request","arrived_at":"not a time","input_tokens":1,"output_tokens":1}');
  }
  return `${lines.join('\n')}\n`;
}

function runIngest(db: TestDb, killAfterAccepted?: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--json', '--batch-size', '500', file], {
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    if (killAfterAccepted !== undefined) {
      const poll = async () => {
        const { rows } = await db.pool.query<{ n: number }>('SELECT coalesce(sum(accepted), 0)::int AS n FROM ingest_job');
        if (rows[0].n >= killAfterAccepted) {
          clearInterval(timer);
          child.kill('SIGKILL');
        }
      };
      timer = setInterval(() => {
        poll().catch((e: unknown) => {
          clearInterval(timer);
          child.kill('SIGKILL');
          reject(e);
        });
      }, 20);
    }
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout });
    });
  });
}

before(async () => {
  [killed, clean] = await Promise.all([createTestDb(), createTestDb()]);
  dir = mkdtempSync(path.join(tmpdir(), 'fl-killed-'));
  file = path.join(dir, 'fleet.jsonl');
  writeFileSync(file, fleetFile());
});
after(async () => {
  await Promise.all([killed.drop(), clean.drop()]);
  rmSync(dir, { recursive: true, force: true });
});

test('an ingest killed mid-way and run again stores the same rows and rollups as a clean run', async () => {
  const first = await runIngest(clean);
  assert.equal(first.code, 0);
  const summary = JSON.parse(first.stdout).files[0];
  assert.equal(summary.accepted, 24_000);
  assert.equal(summary.rejected, 12);

  const killPoint = 2_000 + Math.floor(Math.random() * 16_000);
  const interrupted = await runIngest(killed, killPoint);
  assert.equal(interrupted.code, null, 'the first run was killed');
  const partial = await getStoredTotals(killed);
  assert.ok(partial.requests.n + partial.samples.n < 24_000, `killed after ${killPoint} rows, before the end`);

  const rerun = await runIngest(killed);
  assert.equal(rerun.code, 0);
  const again = JSON.parse(rerun.stdout).files[0];
  assert.equal(again.accepted + again.duplicates + again.rejected, 24_012);
  assert.deepEqual(await getStoredTotals(killed), await getStoredTotals(clean));
});
