import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { forEachRow } from './eachRow';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const SERIES = 'SELECT n, n::bigint * 1000 AS big FROM generate_series(1, $1::int) AS n ORDER BY n';

test('every row comes once and in order across reads, with the pool’s type parsers', async () => {
  const client = await db.pool.connect();
  try {
    const seen: number[] = [];
    const count = await forEachRow<{ n: number; big: number }>(client, SERIES, [25], (r) => seen.push(r.big / r.n), 7);
    assert.equal(count, 25);
    assert.deepEqual(seen, Array.from({ length: 25 }, () => 1000)); // int8 arrives as a number
    assert.equal(await forEachRow(client, SERIES, [0], () => assert.fail('no rows')), 0);
    assert.equal((await client.query('SELECT 1 AS one')).rows[0].one, 1); // the cursor was closed
  } finally {
    client.release();
  }
});

test('a failing row handler or query closes the cursor, and the connection goes on', async () => {
  const client = await db.pool.connect();
  try {
    await assert.rejects(forEachRow(client, SERIES, [30], (r: { n: number }) => {
      if (r.n === 12) throw new Error('stop at 12');
    }, 5), /stop at 12/);
    await assert.rejects(forEachRow(client, 'SELECT 1 / (n - 3) FROM generate_series(1, 5) AS n', [], () => undefined, 2), /division by zero/);
    assert.equal((await client.query('SELECT 2 AS two')).rows[0].two, 2);
  } finally {
    client.release();
  }
});
