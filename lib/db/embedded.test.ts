import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '@/lib/launch/next';
import { withClient } from './databases';
import { runningPostmasterPort, startEmbeddedPostgres, stopEmbeddedPostgres } from './embedded';

const parent = mkdtempSync(path.join(tmpdir(), 'fleetledger-embedded-'));
chmodSync(parent, 0o755); // the server runs as user postgres when the tests run as root
const dataDir = path.join(parent, 'pg');
after(() => {
  stopEmbeddedPostgres(dataDir);
  rmSync(parent, { recursive: true, force: true });
});

const show = async (url: string, setting: string): Promise<string> =>
  (await withClient(url, (c) => c.query(`SELECT current_setting($1) AS value`, [setting]))).rows[0].value;

test('a new embedded server starts with room for a bulk ingest between checkpoints, and is reused once running', async () => {
  const port = await freePort();
  const url = await startEmbeddedPostgres({ dataDir, port, database: 'fl_embedded_test' });
  assert.equal(await show(url, 'max_wal_size'), '4GB');
  assert.equal(await show(url, 'listen_addresses'), '127.0.0.1');
  assert.equal(runningPostmasterPort(dataDir), port);
  // A second start (another process, say) finds the running server instead of starting one.
  assert.equal(await startEmbeddedPostgres({ dataDir, port: port + 1, database: 'fl_embedded_test' }), url);
});
