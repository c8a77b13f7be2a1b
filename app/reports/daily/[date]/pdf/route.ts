import { authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { parseQuery } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { getDailyReport } from '@/lib/report/closing';
import { dailyReportPath } from '@/lib/report/paths';
import { assertChromium, printPageToPdf } from '@/lib/report/pdf';
import { ReportQuery, dayFromRequest } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/** The report page printed by headless Chromium, charts included; 503 where Chromium is missing. */
export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'web', 'reports:read');
  assertChromium();
  const query = parseQuery(request, ReportQuery);
  const day = await dayFromRequest(db, (await context.params).date, query);
  const report = await getDailyReport(db, day, query.version);
  const page = new URL(dailyReportPath(day, { version: report.version, print: true }), request.url);
  const pdf = await printPageToPdf(page.toString());
  const name = `fleetledger-${report.date}${report.version ? `-v${report.version}` : ''}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
});
