import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { DEMO_DAY, loadedDemoJobs, removeDemo } from '@/lib/demo/demo';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Whether demo data is loaded (the demo ingest jobs still holding rows), and the day it covers. */
export const GET = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/demo');
  const jobs = await loadedDemoJobs(db);
  return Response.json({ loaded: jobs.length > 0, jobs: jobs.map((j) => ({ id: String(j.id), status: j.status })), day: DEMO_DAY });
});

/** Removes the demo data: every demo ingest job with its rows (409 while one is still loading). */
export const DELETE = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'DELETE /api/demo');
  return Response.json(await removeDemo(db));
});
