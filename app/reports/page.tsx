import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { getDataExtent } from '@/lib/metrics/queries/getDataExtent';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { dayContaining } from '@/lib/time/day';

export const dynamic = 'force-dynamic';

/** Reports open on the month of the newest data (or this month). */
export default async function ReportsPage() {
  const db = await getDb();
  const [{ last }, org] = await Promise.all([getDataExtent(db.pool), getDaySettings(db)]);
  redirect(`/reports/monthly/${dayContaining(last ?? Date.now(), org.timeZone, org.dayStart).slice(0, 7)}`);
}
