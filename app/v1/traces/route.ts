import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { encodeTraceResponse, traceResponseJson } from '@/lib/ingest/live/otlpResponse';
import { receiveOtlpTraces } from '@/lib/ingest/live/receiveOtlp';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /v1/traces — OTLP/HTTP traces (JSON or protobuf, gzip or plain), a bearer API token with the ingest scope. */
export const POST = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'POST /v1/traces');
  const received = await receiveOtlpTraces(db, request);
  if (received.encoding === 'json') return Response.json(traceResponseJson(received.partial));
  return new Response(Buffer.from(encodeTraceResponse(received.partial)), { headers: { 'content-type': 'application/x-protobuf' } });
});
