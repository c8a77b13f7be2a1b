import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { DEFAULT_BATCH } from '@/lib/ingest/ingest';

// The CLI as a user runs it: JSON on stdout and nothing else, exit codes, files that cannot be read.
let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const ingest = (...args: string[]) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...args], {
    env: { ...process.env, DATABASE_URL: db.url },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

const rollups = async () =>
  (await db.pool.query('SELECT sum(input_tokens) AS input, sum(samples) AS samples, sum(gpu_seconds) AS gpu_s FROM rollup_node_minute')).rows[0];

test('--json prints only the summary; a missing file gets an error entry, the others load, exit code 1', () => {
  const run = ingest('--json', 'docs/examples/gpu_samples.csv', 'no/such/file.jsonl', 'docs/examples/requests.jsonl');
  assert.equal(run.code, 1);
  const { files } = JSON.parse(run.stdout);
  assert.deepEqual(files.map((f: { file: string }) => f.file), ['docs/examples/gpu_samples.csv', 'no/such/file.jsonl', 'docs/examples/requests.jsonl']);
  assert.match(files[1].error, /cannot read no\/such\/file\.jsonl/);
  for (const f of [files[0], files[2]]) {
    assert.equal(f.error, undefined);
    assert.ok(f.accepted > 0, `${f.file} loaded`);
    assert.deepEqual(Object.keys(f).filter((k) => ['file', 'format', 'accepted', 'duplicates', 'rejected', 'errors'].includes(k)).length, 6);
  }
});

test('the same file ingested twice leaves identical rows and rollups', async () => {
  const before = await rollups();
  const run = ingest('--json', 'docs/examples/gpu_samples.csv');
  assert.equal(run.code, 0);
  const [f] = JSON.parse(run.stdout).files;
  assert.equal(f.accepted, 0);
  assert.ok(f.duplicates > 0);
  assert.deepEqual(await rollups(), before);
});

test('--help states the batch size the ingest uses', () => {
  // It once said 10000 while the ingest used 30,000.
  const run = ingest('--help');
  assert.equal(run.code, 0);
  assert.match(run.stdout, new RegExp(`--batch-size <rows> .*\\(default ${DEFAULT_BATCH}\\)`));
});

test('without --json the summary is text, and --jobs lists the jobs', () => {
  const run = ingest('docs/examples/node_events.csv');
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^docs\/examples\/node_events\.csv \(csv, job \d+\): \d+ accepted, 0 duplicates skipped, 0 rejected/);
  const jobs = ingest('--jobs');
  assert.equal(jobs.code, 0);
  assert.equal(jobs.stdout.trim().split('\n').length, 4); // the missing file got no job
});

test('a binary file is one line saying so, exit code 1, and no job', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ingest-cli-'));
  try {
    const file = path.join(dir, 'trace.parquet');
    writeFileSync(file, Buffer.from([0x50, 0x41, 0x52, 0x31, 0x15, 0x04, 0x00, 0x00, 0x00, 0x15]));
    const before = ingest('--jobs').stdout;
    const run = ingest(file);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, `${file} is a binary file (not text, not gzip): FleetLedger reads UTF-8 text, plain or gzip: canonical JSONL or CSV, Prometheus scrapes or query results, OTLP JSON, Mooncake, Azure or BurstGPT traces\n`);
    assert.equal(ingest('--jobs').stdout, before);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('--delete-job of a job a live web server is ingesting refuses, naming the process, and deletes nothing', async () => {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ingest_job (channel, file_name, status, pid, heartbeat_at) VALUES ('web', 'uploading.jsonl', 'running', $1, now()) RETURNING id::text`,
    [process.pid],
  );
  const run = ingest('--delete-job', rows[0].id);
  assert.equal(run.code, 2);
  assert.match(run.stderr, new RegExp(`still running in another process \\(pid ${process.pid}, web\\)`));
  const { rows: [job] } = await db.pool.query<{ status: string }>('SELECT status FROM ingest_job WHERE id = $1', [rows[0].id]);
  assert.equal(job.status, 'running');
});
