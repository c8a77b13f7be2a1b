import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { corpusBytes, corpusCases, outcomeMismatches, resentOutcome, type RunOutcome } from '@/lib/testing/badInputCorpus';

// The bad-input corpus through the CLI as a user runs it: every file in one run, then again.
let db: TestDb;
let dir: string;
before(async () => {
  db = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'fl-corpus-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

const cases = corpusCases();

function ingestAll(): RunOutcome[] {
  const files = cases.map((c) => path.join(dir, c.file));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--json', ...files], {
    env: { ...process.env, DATABASE_URL: db.url },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 1, `some files are refused: exit code 1 (stderr: ${run.stderr})`);
  return (JSON.parse(run.stdout) as { files: RunOutcome[] }).files;
}

const requestRows = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request')).rows[0].n;

test('every corpus file gets its expected outcome from the CLI, and a second run stores nothing twice', async () => {
  for (const c of cases) writeFileSync(path.join(dir, c.file), corpusBytes(c));
  const first = ingestAll();
  assert.deepEqual(cases.flatMap((c, i) => outcomeMismatches(c, first[i])), []);
  const stored = await requestRows();
  assert.equal(stored, first.reduce((n, f) => n + f.accepted, 0), 'every accepted request is a row, the rejected ones none');
  const second = ingestAll();
  assert.deepEqual(cases.flatMap((c, i) => outcomeMismatches(c.refused ? c : resentOutcome(c, first[i]), second[i])), []);
  assert.equal(await requestRows(), stored);
});
