import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Nodes' };

export default async function NodesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/nodes');
  if ('denied' in access) return access.denied;
  return (
    <FleetView
      name="nodes"
      title="Nodes"
      subtitle="Nodes by state over time (node_event intervals; nodes without events from their samples), node-hours, the capacity check (nodes needed at the reference per-node rates against nodes in service), energy in kWh per step and per node and day with its cost at the electricity rate, and data freshness per node."
      searchParams={await searchParams}
      filters={['node']}
    />
  );
}
