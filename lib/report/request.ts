import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import type { ReportDay } from './build';
import { resolveDay } from './live';

/** The query of a report page or download: ?tz=&dayStart=&version= (the organisation's day by default). */
export const ReportQuery = z.object({
  tz: z.string().min(1).optional(),
  dayStart: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM').optional(),
  version: z.coerce.number().int().positive().optional(),
  print: z.string().optional(),
});
export type ReportQuery = z.output<typeof ReportQuery>;

/** A day from a path's date and a report query; a bad date, zone or time is a 400. */
export async function dayFromRequest(db: Db, date: string, query: ReportQuery): Promise<ReportDay> {
  try {
    return await resolveDay(db, date, query.tz, query.dayStart);
  } catch (e) {
    if (e instanceof RangeError) throw new BadRequest(e.message);
    throw e;
  }
}
