import { authorise } from '@/lib/auth/access';
import { getDb, getReadDb } from '@/lib/db/client';
import { route } from '@/lib/http/route';
import { requestedReport } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/** The daily report JSON (as `npm run report` prints it). */
export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'GET /reports/daily/[date]/json');
  const { report } = await requestedReport(await getReadDb(), request, (await context.params).date);
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
});
