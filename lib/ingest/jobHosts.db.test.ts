import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { THIS_HOST } from '@/lib/db/ingest/jobOwner';
import { deleteIngestJob, JobRunningElsewhere } from './deleteIngestJob';
import { failOrphanedUploads } from './orphanedUploads';

// Web servers on several machines share one database: a job's pid names a process only on the
// machine that recorded it, so elsewhere its heartbeat is the only sign of life.
let db: TestDb;
const OTHER = 'another-machine';
const noProcessAlive = () => false;

before(async () => {
  db = await createTestDb();
});
after(async () => {
  await db.drop();
});

async function runningJob(channel: string, pid: number, host: string | null, heartbeatAgoMs: number): Promise<bigint> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ingest_job (channel, file_name, status, pid, host, heartbeat_at)
     VALUES ($1, 'up.jsonl', 'running', $2, $3, now() - make_interval(secs => $4::float8 / 1000)) RETURNING id::text`,
    [channel, pid, host, heartbeatAgoMs],
  );
  return BigInt(rows[0].id);
}

const status = async (id: bigint) => (await db.pool.query<{ status: string }>('SELECT status FROM ingest_job WHERE id = $1', [id])).rows[0].status;

test("at a server's start, another machine's upload is judged by its heartbeat, this machine's by its pid", async () => {
  const elsewhereFresh = await runningJob('web', process.pid, OTHER, 5_000);
  const elsewhereStale = await runningJob('http', 4242, OTHER, 5 * 60_000);
  const hereDead = await runningJob('web', 4243, THIS_HOST, 1_000);
  const legacyDead = await runningJob('http', 4244, null, 1_000);
  const failed = await failOrphanedUploads(db, noProcessAlive);
  assert.deepEqual(failed, [elsewhereStale, hereDead, legacyDead]);
  assert.equal(await status(elsewhereFresh), 'running', 'its pid is not a process of this machine, dead or alive');
});

test("deleting a job that another machine's process is ingesting is refused, even when its pid is this process's", async () => {
  const id = await runningJob('http', process.pid, OTHER, 5_000);
  await assert.rejects(deleteIngestJob(db, id, noProcessAlive), (e: unknown) => {
    assert.ok(e instanceof JobRunningElsewhere);
    assert.match(e.message, new RegExp(`still running in another process \\(pid ${process.pid} on ${OTHER}, http\\)`));
    return true;
  });
  assert.equal(await status(id), 'running');
  const silent = await runningJob('http', process.pid, OTHER, 5 * 60_000);
  await deleteIngestJob(db, silent, noProcessAlive);
  assert.equal(await status(silent), 'deleted', 'a job whose machine stopped sending heartbeats can be deleted');
});
