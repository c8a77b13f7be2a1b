import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { latestCompleteDay } from '@/lib/report/defaultDay';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';

/** Reports open on the month of the latest complete day (lib/report/defaultDay). */
export default async function ReportsPage() {
  const access = await guardPage('/reports');
  if ('denied' in access) return access.denied;
  const db = await getDb();
  const org = await getDaySettings(db);
  redirect(`/reports/monthly/${(await latestCompleteDay(db, org)).slice(0, 7)}`);
}
