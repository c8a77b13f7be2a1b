import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { parseQuery } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { getDailyReport } from '@/lib/report/closing';
import { ReportQuery, dayFromRequest } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/** The daily report JSON (as `npm run report` prints it). */
export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'web', 'reports:read');
  const query = parseQuery(request, ReportQuery);
  const report = await getDailyReport(db, await dayFromRequest(db, (await context.params).date, query), query.version);
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
});
