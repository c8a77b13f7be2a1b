import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { route } from '@/lib/http/route';
import { closeDay } from '@/lib/report/closing';
import { dayFromRequest, parseReportQuery } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/** Closes the day: its report as of now becomes version 1. */
export const POST = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'web', 'reports:close');
  const day = await dayFromRequest(db, (await context.params).date, parseReportQuery(request));
  const report = await closeDay(db, day, 'web');
  return Response.json({ version: report.version }, { status: 201 });
});
