import type { ReportDay } from './build';

/** The report page of a day (and its downloads), with the zone and day-start in the query. */
export function dailyReportPath(day: ReportDay, options: { version?: number | null; suffix?: '' | '/csv' | '/pdf' | '/json'; print?: boolean } = {}): string {
  const params = new URLSearchParams({ tz: day.timeZone, dayStart: day.dayStart });
  if (options.version) params.set('version', String(options.version));
  if (options.print) params.set('print', '1');
  return `/reports/daily/${day.date}${options.suffix ?? ''}?${params}`;
}
