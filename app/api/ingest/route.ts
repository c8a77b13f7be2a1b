import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { IngestQuery, ingestRequestBody } from '@/lib/ingest/httpBody';
import { parseQuery } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The Upload page's endpoint: same as /api/v1/ingest, authorised as the web app. */
export const POST = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/ingest');
  const summary = await ingestRequestBody(db, request, parseQuery(request, IngestQuery), 'web', actorOf(principal));
  return Response.json({ files: [summary] }, { status: summary.error ? 422 : 200 });
});
