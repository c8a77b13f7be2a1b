import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { receiveRemoteWrite, writtenHeaders } from '@/lib/ingest/live/receiveRemoteWrite';
import { ensureRemoteWriteRunner } from '@/lib/ingest/live/runner';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/v1/write — Prometheus remote write 1.0 or 2.0 (snappy protobuf), a bearer API token with the ingest scope. */
export const POST = route(async (request) => {
  const started = performance.now();
  const db = await getDb();
  await authorise(db, request, 'POST /api/v1/write');
  const received = await receiveRemoteWrite(db, request);
  void ensureRemoteWriteRunner(db);
  // Server-Timing: how long the request took here, from its headers to its body journalled.
  const timing = { 'Server-Timing': `journal;dur=${(performance.now() - started).toFixed(1)}` };
  return new Response(null, { status: 204, headers: { ...writtenHeaders(received), ...timing } });
});
