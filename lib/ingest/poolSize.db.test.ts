import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { closeDb, createDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { ingestFile } from './ingest';

// Regression: `npm start` seeded the demo through a pool of two connections while an ingest
// waited for three at once (its job's and two batch transactions'): on a fresh clone the
// demo load, and the app with it, hung forever.
let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const EXAMPLE = 'docs/examples/requests.jsonl';

async function ingestThroughPool(poolSize: number, replace = false) {
  const small = createDb(db.url, poolSize);
  try {
    return await ingestFile(small, EXAMPLE, { channel: 'cli', replace, batchSize: 2 });
  } finally {
    await closeDb(small);
  }
}

test('an ingest completes through a pool of two connections, one transaction at a time', { timeout: 30_000 }, async () => {
  const summary = await ingestThroughPool(2);
  assert.equal(summary.error, undefined);
  assert.ok(summary.accepted > 2, `accepted ${summary.accepted}: more than one batch`);
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM request');
  assert.equal(rows[0].n, summary.accepted);
});

test('a replacing ingest completes through a pool of two connections', { timeout: 30_000 }, async () => {
  const summary = await ingestThroughPool(2, true);
  assert.equal(summary.error, undefined);
  assert.ok(summary.replaced > 0);
});

test('a pool of one connection is refused with a reason, not waited on forever, and its job is marked failed', { timeout: 30_000 }, async () => {
  const summary = await ingestThroughPool(1);
  assert.match(summary.error ?? '', /needs 2 database connections.*allows 1/);
  const { rows } = await db.pool.query('SELECT status, error FROM ingest_job WHERE id = $1', [summary.jobId]);
  assert.deepEqual(rows[0], { status: 'failed', error: summary.error });
});

test('ingests at once through a shared pool smaller than they need together all finish (uploads dropped together)', { timeout: 60_000 }, async () => {
  const shared = createDb(db.url, 4);
  try {
    const files = ['docs/examples/requests.jsonl', 'docs/examples/requests.csv', 'docs/examples/gpu_samples.csv'];
    const summaries = await Promise.all(files.map((f) => ingestFile(shared, f, { channel: 'http', batchSize: 2 })));
    for (const s of summaries) assert.equal(s.error, undefined, `${s.file}: ${s.error}`);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ingest_job WHERE status = 'running'`);
    assert.equal(rows[0].n, 0);
  } finally {
    await closeDb(shared);
  }
});
