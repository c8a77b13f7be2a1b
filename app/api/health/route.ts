import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { databaseHealth } from '@/lib/db/health';
import { Unavailable } from '@/lib/http/errors';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** 200 when the app can query its database; 503 with the error envelope otherwise. */
export const GET = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/health');
  const health = await databaseHealth();
  if (!health.up) throw new Unavailable(health.reason);
  return Response.json({ ok: true, database: 'up', migrations: health.migrations }, { headers: { 'cache-control': 'no-store' } });
});
