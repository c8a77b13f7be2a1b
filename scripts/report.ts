/**
 * The daily report of one day (docs/design.md "Windows and days": zone and day-start; the organisation's by default).
 * Usage: npm run -s report -- --date YYYY-MM-DD [--tz ZONE] [--day-start HH:MM]
 *          [--format json|csv|md|pdf] [--version N] [--out FILE] [--app-url URL]
 * A closed day prints its latest version (or --version N); an open day is computed now.
 * PDF is the report page printed by headless Chromium: from the app at --app-url, or from a private
 * instance of the app started for it on the same database.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';
import { getDailyReport } from '@/lib/report/closing';
import { reportCsv } from '@/lib/report/csv';
import { resolveDay } from '@/lib/report/live';
import { reportMarkdown } from '@/lib/report/markdown';
import { dailyReportPath } from '@/lib/report/paths';
import { closeSharedBrowser, pdfFooterText, printPageToPdf } from '@/lib/report/pdf';
import { withAppServer } from '@/lib/report/appServer';

const opts = new Command('report')
  .description('print the daily report of a day as JSON, CSV, Markdown or PDF')
  .requiredOption('--date <YYYY-MM-DD>', 'the day')
  .option('--tz <zone>', 'IANA time zone of the day (default: the organisation setting)')
  .option('--day-start <HH:MM>', 'local time the day starts (default: the organisation setting)')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'md', 'pdf']).default('json'))
  .option('--version <n>', 'a stored version of a closed day', (v) => Number(v))
  .option('--out <file>', 'write to FILE instead of stdout')
  .option('--app-url <url>', 'a running app whose page to print (pdf; default: start one for it)')
  .parse()
  .opts<{ date: string; tz?: string; dayStart?: string; format: 'json' | 'csv' | 'md' | 'pdf'; version?: number; out?: string; appUrl?: string }>();

async function main(): Promise<void> {
  const db = await getDb();
  await applyMigrations(db.url);
  const day = await resolveDay(db, opts.date, opts.tz, opts.dayStart);
  const report = await getDailyReport(db, day, opts.version);
  let output: string | Buffer;
  if (opts.format === 'pdf') {
    if (!opts.out) throw new Error('--format pdf needs --out FILE');
    const path = dailyReportPath(day, { version: report.version, print: true });
    const print = (base: string) => printPageToPdf(new URL(path, base).toString(), pdfFooterText(report, new Date()));
    output = opts.appUrl ? await print(opts.appUrl) : await withAppServer(db.url, print);
  } else if (opts.format === 'csv') output = reportCsv(report);
  else if (opts.format === 'md') output = reportMarkdown(report);
  else output = `${JSON.stringify(report, null, 2)}\n`;
  if (opts.out) writeFileSync(opts.out, output);
  else await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
}

// An embedded PostgreSQL started by this process would keep it alive: exit explicitly.
main()
  .then(async () => {
    await closeSharedBrowser();
    await closeGlobalDb();
    process.exit(0);
  })
  .catch(async (e) => {
    console.error(`report: ${(e as Error).message}`);
    await closeSharedBrowser();
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
