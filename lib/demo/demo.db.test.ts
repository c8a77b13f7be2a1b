import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { seedDemoIfEmpty } from '@/lib/db/startup';
import { ingestFile } from '@/lib/ingest/ingest';
import { loadedDemoJobs, removeDemo, type DemoSettings } from './demo';

/** The reference day's first 15 minutes, 15-minute GPU samples, requests at 0.01%: ~2.5k rows. */
const SMALL: Partial<DemoSettings> = { hours: 0.25, scale: 0.0001, sampleIntervalS: 900 };

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const TELEMETRY = ['request', 'request_key', 'gpu_sample', 'node_event', 'expert_load'];

/** Row counts of every telemetry table and every rollup table (whatever rollups the schema has). */
async function rowCounts(): Promise<Record<string, number>> {
  const rollups = await db.pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname LIKE 'rollup\\_%' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
  );
  assert.ok(rollups.rows.length > 0, 'the schema has rollup tables');
  const counts: Record<string, number> = {};
  for (const table of [...TELEMETRY, ...rollups.rows.map((r) => r.name)]) {
    counts[table] = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table.replaceAll('"', '""')}"`)).rows[0].n;
  }
  return counts;
}

test('an empty embedded database gets the demo day, tagged demo; removal deletes every row and rollup it made', async () => {
  const lines: string[] = [];
  const outcome = await seedDemoIfEmpty(db, { embedded: true, settings: SMALL, log: (l) => lines.push(l) });
  assert.equal(outcome.error, undefined);
  const job = await db.prisma.ingestJob.findFirstOrThrow();
  assert.deepEqual([job.demo, job.channel, job.status, Number(job.rejected)], [true, 'demo', 'done', 0]);
  assert.equal(Number(job.accepted), outcome.loaded?.records);
  assert.match(lines.join('\n'), /generating deepseek-2025-02-27[\s\S]*rows stored/);

  const loaded = await rowCounts();
  for (const table of ['request', 'gpu_sample', 'node_event', 'rollup_node_minute', 'rollup_request_minute']) assert.ok(loaded[table] > 0, `${table} is empty`);
  // The Experts page's input: per layer, one whole prefill unit (EP32) and decode unit (EP144),
  // every routed expert (0–255) placed and the shared expert (256) on every GPU.
  const experts = await db.pool.query<{ phase: string; layer: number; gpus: number; experts: number; top: number }>(
    `SELECT phase, layer, count(DISTINCT (node_id, gpu))::int AS gpus, count(DISTINCT expert)::int AS experts, max(expert)::int AS top
       FROM expert_load WHERE job_id = $1 GROUP BY phase, layer ORDER BY phase DESC, layer`,
    [job.id],
  );
  assert.deepEqual(experts.rows, [0, 29, 57].map((layer) => ({ phase: 'prefill', layer, gpus: 32, experts: 257, top: 256 }))
    .concat([0, 29, 57].map((layer) => ({ phase: 'decode', layer, gpus: 144, experts: 257, top: 256 }))));
  const samples = await db.pool.query<{ n: number; interval: number }>(`SELECT count(*)::int AS n, min(interval_s)::int AS interval FROM gpu_sample WHERE job_id = $1`, [job.id]);
  assert.equal(samples.rows[0].interval, 900);
  assert.equal(samples.rows[0].n, 278 * 8); // every GPU of the 278 nodes in service, once

  assert.deepEqual(await removeDemo(db), { jobs: 1, rows: loaded.request + loaded.gpu_sample + loaded.node_event + loaded.expert_load });
  const removed = await rowCounts();
  assert.deepEqual(Object.entries(removed).filter(([, n]) => n > 0), []);
  assert.deepEqual(await loadedDemoJobs(db), []);
  assert.equal((await seedDemoIfEmpty(db, { embedded: true, settings: SMALL, log: () => undefined })).seed, false, 'a removed demo does not come back on the next start');
});

test('removing the demo leaves real data alone', async () => {
  const real = await ingestFile(db, 'docs/examples/requests.jsonl', { channel: 'cli' });
  assert.ok(real.accepted > 0 && !real.error);
  const outcome = await seedDemoIfEmpty(db, { force: true, settings: SMALL, log: () => undefined });
  assert.ok(outcome.loaded && outcome.loaded.summary.accepted > 0);
  const { jobs } = await removeDemo(db);
  assert.equal(jobs, 1);
  const left = await rowCounts();
  assert.equal(left.request, real.accepted);
  assert.equal(left.gpu_sample + left.node_event + left.expert_load, 0);
  assert.ok(left.rollup_request_minute > 0);
});
