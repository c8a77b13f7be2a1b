import { z } from 'zod';
import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { parseJsonBody } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { closeDay } from '@/lib/report/closing';
import { dayFromRequest, parseReportQuery } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/** Optional: the totals the person confirmed, so that a close of figures that moved since is refused. */
const CloseBody = z.object({
  confirmed: z.object({ cost: z.number(), theoreticalRevenue: z.number(), actualRevenue: z.number() }).optional(),
});

/** Closes the day under the organisation's day, once it is over: its report as of now becomes version 1. */
export const POST = route<Context>(async (request, context) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/reports/daily/[date]/close');
  const day = await dayFromRequest(db, (await context.params).date, parseReportQuery(request));
  const body = request.headers.get('content-type')?.includes('json') ? await parseJsonBody(request, CloseBody) : {};
  const report = await closeDay(db, day, actorOf(principal), { confirmed: body.confirmed });
  return Response.json({ version: report.version }, { status: 201 });
});
