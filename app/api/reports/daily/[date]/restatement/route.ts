import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { route } from '@/lib/http/route';
import { acceptRestatement, getRestatement } from '@/lib/report/closing';
import { dayFromRequest, parseReportQuery } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/** The pending restatement of a closed day (null when open). */
export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/reports/daily/[date]/restatement');
  const day = await dayFromRequest(db, (await context.params).date, parseReportQuery(request));
  return Response.json({ restatement: await getRestatement(db, day) });
});

/** Accepts it: the report as of now becomes the next version. */
export const POST = route<Context>(async (request, context) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/reports/daily/[date]/restatement');
  const day = await dayFromRequest(db, (await context.params).date, parseReportQuery(request));
  const report = await acceptRestatement(db, day, actorOf(principal));
  return Response.json({ version: report.version }, { status: 201 });
});
