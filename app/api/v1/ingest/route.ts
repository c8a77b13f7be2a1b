import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { IngestQuery, ingestRequestBody } from '@/lib/ingest/httpBody';
import { parseQuery } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/v1/ingest?file=NAME[&replace=1][&trace_start=ISO] — the file as the body, a bearer API token. */
export const POST = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/v1/ingest');
  const summary = await ingestRequestBody(db, request, parseQuery(request, IngestQuery), 'http', actorOf(principal));
  return Response.json({ files: [summary] }, { status: summary.error ? 422 : 200 });
});
