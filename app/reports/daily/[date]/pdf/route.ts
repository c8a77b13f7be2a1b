import { authorise } from '@/lib/auth/access';
import { getDb, getReadDb } from '@/lib/db/client';
import { Busy } from '@/lib/http/errors';
import { route } from '@/lib/http/route';
import { dailyReportPath } from '@/lib/report/paths';
import { pdfFooterText, printPageToPdf } from '@/lib/report/pdf';
import { PrintQueueFull } from '@/lib/report/printQueue';
import { reportPdf } from '@/lib/report/pdfCache';
import { reportFileName, requestedReport } from '@/lib/report/request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ date: string }> };

/**
 * The report page printed by headless Chromium, charts included (a closed version from its stored
 * copy, which needs no Chromium); 503 where a print needs Chromium and it is missing, or too many
 * prints are waiting.
 */
export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'GET /reports/daily/[date]/pdf');
  const { day, report } = await requestedReport(await getReadDb(), request, (await context.params).date);
  const page = new URL(dailyReportPath(day, { version: report.version, print: true }), request.url);
  const print = () => printPageToPdf(page.toString(), pdfFooterText(report, new Date())).catch((e: unknown) => {
    throw e instanceof PrintQueueFull ? new Busy(e.message, e.retryAfterSeconds) : e;
  });
  const { pdf } = await reportPdf(db, day, report, print);
  return new Response(new Uint8Array(pdf), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${reportFileName(report, 'pdf')}"`, 'cache-control': 'no-store' },
  });
});
