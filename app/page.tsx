import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: { absolute: 'FleetLedger' } };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/');
  if ('denied' in access) return access.denied;
  return (
    <FleetView
      name="overview"
      title="Overview"
      subtitle="Nodes, tokens, throughput, speed, cost and revenue of the fleet over the range, each against the previous range of the same length. The figures are the daily report's, computed the same way."
      searchParams={await searchParams}
      filters={[]}
    />
  );
}
