import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeRequestFile } from '@/lib/bench/load/ingestFile';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { fileChunks } from '../fileChunks';
import { ingestStream } from '../ingest';
import { ingestOffThread, ingestThreadEntry } from './offThread';

let db: TestDb;
const dir = mkdtempSync(path.join(tmpdir(), 'fl-ingest-thread-'));

before(async () => {
  db = await createTestDb();
});
after(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const storedRequests = async (jobId: string) =>
  (await db.pool.query<{ n: number; input: number }>('SELECT count(*)::int AS n, coalesce(sum(input_tokens), 0)::float8 AS input FROM request WHERE job_id = $1', [jobId])).rows[0];

test('uploads go to the ingest thread unless FLEETLEDGER_INGEST_THREAD=request or its sources are missing', () => {
  assert.equal(ingestThreadEntry({}), path.join(process.cwd(), 'lib/ingest/worker/bootstrap.mjs'));
  assert.equal(ingestThreadEntry({ FLEETLEDGER_INGEST_THREAD: 'request' }), null);
  assert.equal(ingestThreadEntry({}, dir), null);
});

test("an upload on the ingest thread stores exactly what the request's thread would, and says so alike", async () => {
  const file = path.join(dir, 'requests.jsonl');
  const generated = await writeRequestFile(file, 20_000, 'demo');
  const entry = ingestThreadEntry();
  assert.ok(entry);
  const options = { fileName: 'a.jsonl', channel: 'http', meterInflation: true } as const;
  const { summary: first } = await ingestOffThread(db, fileChunks(file), options, entry);
  assert.equal(first.accepted, generated.rows);
  assert.deepEqual(await storedRequests(first.jobId), { n: generated.rows, input: generated.inputTokens });
  const inThread = await ingestStream(db, fileChunks(file), { fileName: 'a.jsonl', channel: 'http' });
  const { summary: offThread } = await ingestOffThread(db, fileChunks(file), options, entry);
  assert.equal(offThread.duplicates, generated.rows);
  assert.deepEqual({ ...offThread, jobId: '' }, { ...inThread, jobId: '' });
});

test('a body that fails mid-way fails the job on the ingest thread with its reason', async () => {
  const entry = ingestThreadEntry();
  assert.ok(entry);
  // Past the head the format is detected from, so that the job exists when the body fails.
  async function* cut(): AsyncGenerator<Buffer> {
    for (let i = 0; i < 2_000; i++) {
      yield Buffer.from(`{"type":"request","request_id":"cut-${i}","arrived_at":"2025-02-27T05:00:00Z","input_tokens":10,"output_tokens":1}\n`);
    }
    throw new Error('the client went away');
  }
  const { summary } = await ingestOffThread(db, Object.assign(cut(), { destroy: () => undefined }), { fileName: 'cut.jsonl', channel: 'http', meterInflation: true }, entry);
  assert.match(summary.error ?? '', /the client went away/);
  const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM ingest_job WHERE id = $1', [summary.jobId]);
  assert.deepEqual(rows, [{ status: 'failed' }]);
});
