import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { serveRoutes, type RouteServer } from '@/lib/testing/routeServer';

// Uploads and job deletions over a real HTTP server name who did them in the audit log.
let db: TestDb;
let token: string;
let server: RouteServer;

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  const { POST } = await import('@/app/api/v1/ingest/route');
  const { DELETE } = await import('./route');
  server = await serveRoutes({
    'POST /api/v1/ingest': POST,
    'DELETE /api/ingest/jobs/[id]': DELETE,
  });
  ({ token } = await createApiToken(db, 'auditor', ['ingest', 'admin']));
});
after(async () => {
  await server.close();
  await closeGlobalDb();
  await db.drop();
});

const lines = [0, 1, 2].map((i) => JSON.stringify({ type: 'request', request_id: `a-${i}`, arrived_at: `2025-02-27T04:00:0${i}Z`, input_tokens: 10, output_tokens: 2 }));

async function auditRows() {
  const { rows } = await db.pool.query<{ actor: string; action: string; entity_id: string; after: unknown }>(
    'SELECT actor, action, entity_id, after FROM audit_log ORDER BY id');
  return rows;
}

test('an upload and the deletion of its job are audited with the token that did them', async () => {
  const headers = { authorization: `Bearer ${token}` };
  const posted = await fetch(`${server.url}/api/v1/ingest?file=audited.jsonl`, { method: 'POST', headers, body: `${lines.join('\n')}\nnot json\n` });
  assert.equal(posted.status, 200);
  const { files: [summary] } = (await posted.json()) as { files: { jobId: string }[] };
  const deleted = await fetch(`${server.url}/api/ingest/jobs/${summary.jobId}`, { method: 'DELETE', headers });
  assert.equal(deleted.status, 200);

  const actor = 'token "auditor"';
  assert.deepEqual(await auditRows(), [
    { actor, action: 'ingest.upload', entity_id: summary.jobId, after: { file: 'audited.jsonl', format: 'jsonl', accepted: 3, duplicates: 0, replaced: 0, rejected: 1, error: null } },
    { actor, action: 'ingest.delete', entity_id: summary.jobId, after: { rows: 3 } },
  ]);
});
