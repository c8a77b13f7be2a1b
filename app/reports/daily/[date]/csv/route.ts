import { authorise } from '@/lib/auth/access';
import { getDb, getReadDb } from '@/lib/db/client';
import { route } from '@/lib/http/route';
import { reportCsv } from '@/lib/report/csv';
import { reportFileName, requestedReport } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'GET /reports/daily/[date]/csv');
  const { report } = await requestedReport(await getReadDb(), request, (await context.params).date);
  return new Response(reportCsv(report), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${reportFileName(report, 'csv')}"`, 'cache-control': 'no-store' },
  });
});
