import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { createApiToken } from '@/lib/auth/tokens';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { getStoredTotals } from '@/lib/db/ingest/storedTotals';
import { failOrphanedUploads, SERVER_STOPPED } from './orphanedUploads';

// A web server SIGKILLed during an HTTP upload, then started again: the job it left running is
// failed at the start, and sending the file again stores exactly what a clean upload stores.
let killed: TestDb;
let clean: TestDb;

const T0 = Date.parse('2025-02-27T04:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function fleetFile(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    lines.push(JSON.stringify({ type: 'request', request_id: `req-${i}`, arrived_at: iso(T0 + i * 700), input_tokens: 900 + (i % 97), cached_tokens: i % 300, output_tokens: 40 + (i % 13) }));
    lines.push(JSON.stringify({ type: 'gpu_sample', ts: iso(T0 + 10_000 * (1 + Math.floor(i / 8))), interval_s: 10, node: `n${i % 3}`, gpu: i % 8, role: 'decode', input_tokens: 0, cached_tokens: 0, output_tokens: 100 + (i % 50), kv_cache_tokens: 5000 + i }));
    if (i % 1000 === 0) lines.push('{"type":"request","arrived_at":"not a time","input_tokens":1,"output_tokens":1}');
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}
const file = fleetFile();

interface Server { child: ChildProcess; url: string }

/** The ingest routes in a process of their own, started the way the app starts (its register hook). */
function startServer(db: TestDb): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/testing/ingestServer.ts'], {
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.on('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

function post(server: Server, token: string, onAnswer: (status: number) => void): ClientRequest {
  const req = httpRequest(`${server.url}/api/v1/ingest?file=fleet.jsonl`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
  }, (res) => {
    res.resume();
    res.on('end', () => onAnswer(res.statusCode ?? 0));
  });
  return req;
}

function uploadWhole(server: Server, token: string): Promise<number> {
  return new Promise((resolve, reject) => post(server, token, resolve).on('error', reject).end(file));
}

async function acceptedSoFar(db: TestDb): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT coalesce(sum(accepted), 0)::int AS n FROM ingest_job');
  return rows[0].n;
}

async function jobs(db: TestDb) {
  const { rows } = await db.pool.query<{ status: string; error: string | null }>('SELECT status, error FROM ingest_job ORDER BY id');
  return rows;
}

before(async () => {
  [killed, clean] = await Promise.all([createTestDb(), createTestDb()]);
});
after(async () => {
  await Promise.all([killed.drop(), clean.drop()]);
});

test('a server killed mid-upload fails the job at its next start; the file sent again stores what a clean upload stores', async () => {
  const cleanServer = await startServer(clean);
  try {
    assert.equal(await uploadWhole(cleanServer, (await createApiToken(clean, 'clean')).token), 200);
  } finally {
    await stop(cleanServer);
  }

  const { token } = await createApiToken(killed, 'killed');
  const first = await startServer(killed);
  let answered: number | null = null;
  const upload = post(first, token, (status) => (answered = status));
  upload.on('error', () => undefined);
  upload.write(file.subarray(0, Math.floor(file.length * 0.4)));
  const until = Date.now() + 30_000;
  while ((await acceptedSoFar(killed)) === 0) {
    assert.ok(Date.now() < until, 'no batch of the upload was stored within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  await stop(first);
  upload.destroy();
  assert.equal(answered, null, 'the server died before answering');
  const partial = await getStoredTotals(killed);
  assert.ok(partial.requests.n + partial.samples.n < 24_000, 'killed before the end of the upload');
  assert.deepEqual(await jobs(killed), [{ status: 'running', error: null }], 'nothing finished the job before the restart');

  const second = await startServer(killed);
  try {
    assert.deepEqual(await jobs(killed), [{ status: 'failed', error: SERVER_STOPPED }]);
    assert.equal(await uploadWhole(second, token), 200);
  } finally {
    await stop(second);
  }
  assert.deepEqual((await jobs(killed)).map((j) => j.status), ['failed', 'done']);
  assert.deepEqual(await getStoredTotals(killed), await getStoredTotals(clean));
});

test('a running job whose process lives, or that is not an HTTP upload, is left running', async () => {
  const insert = async (channel: string, pid: number) => (await killed.pool.query<{ id: string }>(
    `INSERT INTO ingest_job (channel, file_name, status, pid, heartbeat_at) VALUES ($1, 'live.jsonl', 'running', $2, now()) RETURNING id::text`, [channel, pid])).rows[0].id;
  const dead = 2 ** 22 + 1; // above Linux's pid_max default: no such process
  const uploading = await insert('http', process.ppid);
  const cli = await insert('cli', dead);
  const orphan = await insert('web', dead);
  assert.deepEqual((await failOrphanedUploads(killed)).map(String), [orphan]);
  const { rows } = await killed.pool.query<{ id: string; status: string }>('SELECT id::text, status FROM ingest_job WHERE id = ANY($1::int8[]) ORDER BY id', [[uploading, cli, orphan]]);
  assert.deepEqual(rows, [{ id: uploading, status: 'running' }, { id: cli, status: 'running' }, { id: orphan, status: 'failed' }]);
});
