import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { listJobs } from '@/lib/db/ingest/listJobs';
import { parseQuery } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Past ingest jobs, newest first. */
export const GET = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/ingest/jobs');
  const { limit } = parseQuery(request, Query);
  return Response.json({ jobs: await listJobs(db, limit) });
});
