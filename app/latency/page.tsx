import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Latency' };

export default async function LatencyPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/latency');
  if ('denied' in access) return access.denied;
  return (
    <FleetView
      name="latency"
      title="Latency"
      subtitle="Time to first token and output speed ((O − 1) ÷ decode time) of the sampled requests: weighted means and p50, p90, p99 from fixed log histograms."
      searchParams={await searchParams}
      filters={['model']}
    />
  );
}
