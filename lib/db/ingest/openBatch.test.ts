import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferPool } from './copyBinary';
import { OpenBatch } from './openBatch';
import type { IdLookup } from './table';
import { request } from './testRecords';

const ids: IdLookup = { node: () => 1, nodeOrNull: (name) => (name === null ? null : 1), model: (name) => (name === null ? 0 : 1) };
const DAY = Date.parse('2025-02-27T00:00:00Z');

function copyTablesOf(arrivals: number[]): string[] {
  const batch = new OpenBatch(ids, 1, true, new Map(), 100, new BufferPool(2));
  arrivals.forEach((arrivedAt, i) => batch.receive(request({ requestId: `r${i}`, arrivedAt }), true));
  const [requests] = batch.finish();
  return requests.copyTables;
}

test("a one-day batch's rows are copied into that day's partition; the key table stays itself", () => {
  assert.deepEqual(copyTablesOf([DAY + 1, DAY + 86_399_999]), ['request_key', 'request_p20250227']);
});

test('a batch over two days is copied into the partitioned table, which routes each row', () => {
  assert.deepEqual(copyTablesOf([DAY + 1, DAY + 86_400_000]), ['request_key', 'request']);
});
