import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, after, before } from 'node:test';
import { createTestDb, type TestDb } from '../testing';
import { MIGRATIONS_DIR, migrate } from '../migrate';
import { distribute } from './distribute';
import { getCitusTables } from './getCitusTables';
import { getCitusVersion } from './getCitusVersion';
import { getSchemaTables } from './getSchemaTables';
import { CITUS_LAYOUT, unplacedTables } from './layout';

/** Runs on either server: `npm test` (plain PostgreSQL) and `npm run test:citus` (the test database distributed). */
let db: TestDb;
let onCitus: boolean;
before(async () => {
  db = await createTestDb();
  onCitus = (await withClient((c) => getCitusVersion(c))) !== null;
});
after(() => db.drop());

async function withClient<T>(fn: (c: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

test('every table the migrations create has a place in the Citus layout', async () => {
  assert.deepEqual(unplacedTables(await withClient(getSchemaTables)), []);
});

test('db:distribute lays a Citus database out as the layout says, and a second run changes nothing; without Citus it refuses', async () => {
  if (!onCitus) {
    await assert.rejects(withClient((c) => distribute(c)), /the citus extension is not created in this database/);
    return;
  }
  const known = await withClient(getCitusTables);
  for (const [table, placement] of CITUS_LAYOUT) {
    const is = known.get(table);
    if (placement.kind === 'coordinator') assert.equal(is, undefined, table);
    else if (placement.kind === 'reference') assert.equal(is?.type, 'reference', table);
    else {
      assert.equal(is?.column, placement.column, table);
      if (placement.colocateWith) assert.equal(is?.colocationId, known.get(placement.colocateWith)?.colocationId, table);
    }
  }
  assert.deepEqual((await withClient((c) => distribute(c))).placed, []);
});

test('a later migration altering sharded, reference and coordinator tables applies, and migrate is a no-op after', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fl-migrations-'));
  try {
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, '29991231000000_later'));
    writeFileSync(path.join(dir, '29991231000000_later', 'migration.sql'), `
      ALTER TABLE gpu_sample ADD COLUMN later_counter bigint;
      ALTER TABLE rollup_node_hour ADD COLUMN later_sum float8 NOT NULL DEFAULT 0;
      CREATE INDEX rollup_gpu_hour_later ON rollup_gpu_hour (role, bucket);
      UPDATE rollup_node_hour SET later_sum = gpu_seconds;
      ALTER TABLE ingest_job ADD COLUMN later_note text;
      UPDATE org_settings SET time_zone = time_zone;
      ALTER TABLE remote_write_round ADD COLUMN later_flag boolean NOT NULL DEFAULT false;
    `);
    assert.deepEqual(await withClient((c) => migrate(c, dir)), ['29991231000000_later']);
    assert.deepEqual(await withClient((c) => migrate(c, dir)), []);
    const { rows } = await db.pool.query(`SELECT count(later_counter)::int AS n FROM gpu_sample`);
    assert.deepEqual(rows, [{ n: 0 }]);
    if (onCitus) assert.equal((await withClient(getCitusTables)).get('gpu_sample')?.type, 'distributed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
