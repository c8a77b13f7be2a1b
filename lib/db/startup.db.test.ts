import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from './testing';
import { applyMigrations, decideDemoSeed, seedDemoIfEmpty } from './startup';
import { listMigrations } from './migrate';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());
beforeEach(() => db.prisma.ingestJob.deleteMany());

const job = (data: { demo?: boolean; deletedAt?: Date } = {}) =>
  db.prisma.ingestJob.create({ data: { channel: 'cli', fileName: 'x.jsonl', status: 'done', ...data } });

test('an empty embedded database gets the demo', async () => {
  assert.equal((await decideDemoSeed(db, { embedded: true })).seed, true);
});

test('an embedded database that ever ingested anything does not, even if that job was deleted', async () => {
  await job({ demo: true, deletedAt: new Date() });
  assert.equal((await decideDemoSeed(db, { embedded: true })).seed, false);
});

test('a DATABASE_URL server gets the demo only when forced', async () => {
  assert.equal((await decideDemoSeed(db, { embedded: false })).seed, false);
  assert.equal((await decideDemoSeed(db, { embedded: false, force: true })).seed, true);
});

test('--demo loads the demo next to real data, but not twice', async () => {
  await job();
  assert.equal((await decideDemoSeed(db, { embedded: false, force: true })).seed, true);
  await job({ demo: true });
  assert.equal((await decideDemoSeed(db, { embedded: false, force: true })).seed, false);
});

test('seedDemoIfEmpty says what it decided', async () => {
  const lines: string[] = [];
  const decision = await seedDemoIfEmpty(db, { embedded: false, log: (l) => lines.push(l) });
  assert.equal(decision.seed, false);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /--demo/);
});

test('a restart over the loaded demo says it is there, not "not loaded"', async () => {
  await job({ demo: true });
  const lines: string[] = [];
  const decision = await seedDemoIfEmpty(db, { embedded: true, log: (l) => lines.push(l) });
  assert.deepEqual([decision.seed, decision.present], [false, true]);
  assert.deepEqual(lines, ['demo data: already loaded; remove it with `npm run demo -- --remove`']);
});

test('applyMigrations on a migrated database applies nothing', async () => {
  assert.ok(listMigrations().length > 0);
  assert.deepEqual(await applyMigrations(db.url), []);
});
