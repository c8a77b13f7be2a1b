import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Throughput' };

export default async function ThroughputPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return (
    <FleetView
      name="throughput"
      title="Throughput"
      subtitle="Tokens per second by role, per node in service, and each node against the fleet median. Prefill counts input tokens (cache hits included) per prefill node-second, decode output tokens per decode node-second."
      searchParams={await searchParams}
      filters={['role', 'node', 'model']}
    />
  );
}
