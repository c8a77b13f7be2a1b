import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Throughput' };

export default async function ThroughputPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/throughput');
  if ('denied' in access) return access.denied;
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
