import type { Db } from '@/lib/db/client';
import type { ReportDay } from './build';
import type { DailyReport } from './types';

export interface ReportPdf {
  pdf: Buffer;
  /** Served from the stored copy, without printing. */
  fromCache: boolean;
}

/**
 * A report's PDF. A closed day's version never changes, so its PDF is printed once and stored
 * (its footer keeps the time it was first printed); an open day's figures are live, so it is
 * printed every time.
 */
export async function reportPdf(db: Db, day: ReportDay, report: Pick<DailyReport, 'status' | 'version'>, print: () => Promise<Buffer>): Promise<ReportPdf> {
  if (report.status !== 'closed' || report.version === null) return { pdf: await print(), fromCache: false };
  const key = { day: day.date, timeZone: day.timeZone, dayStart: day.dayStart, version: report.version };
  const stored = await db.prisma.reportPdf.findUnique({ where: { day_timeZone_dayStart_version: key }, select: { pdf: true } });
  if (stored) return { pdf: Buffer.from(stored.pdf), fromCache: true };
  const pdf = await print();
  // Two first downloads of the same version may both print: the first stored wins, and both are the same report.
  await db.prisma.reportPdf.createMany({ data: [{ ...key, pdf: new Uint8Array(pdf) }], skipDuplicates: true });
  return { pdf, fromCache: false };
}
