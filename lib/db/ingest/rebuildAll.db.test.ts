import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { TEST_FLEET } from '@/lib/metrics/views/testFleet';
import { createJob } from './jobs';
import { rebuildAllRollups } from './rebuildAll';
import { BatchWriter } from './writer';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const ROLLUPS = [
  'rollup_node_minute', 'rollup_node_hour', 'rollup_request_minute', 'rollup_request_hour', 'rollup_request_hist', 'rollup_request_hist_hour',
  'rollup_gpu_10min', 'rollup_gpu_hour', 'rollup_gpu_attention_10min', 'rollup_balance_slot', 'rollup_balance_hour',
  'rollup_expert_hour', 'rollup_expert_gpu_hour', 'rollup_node_last', 'rollup_node_day', 'rollup_request_day', 'rollup_request_hist_day',
  'rollup_gpu_day',
];

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ROLLUPS) out[table] = (await db.pool.query(`SELECT * FROM ${table} t ORDER BY t::text`)).rows;
  return out;
}

test('a rebuild from the raw rows gives the rollups the ingest wrote', async () => {
  const byType = new Map<RecordType, CanonicalRecord[]>();
  for (const r of TEST_FLEET) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const writer = await BatchWriter.open(db, await createJob(db, { channel: 'cli', fileName: 'fleet' }), false);
  await writer.write({ records: byType, errors: [], bytesRead: 0 });
  writer.release();
  const ingested = await snapshot();
  for (const table of ROLLUPS) {
    assert.ok(ingested[table].length > 0, table);
    await db.pool.query(`DELETE FROM ${table}`);
  }
  assert.equal(await rebuildAllRollups(db), 1);
  assert.deepEqual(await snapshot(), ingested);
});
