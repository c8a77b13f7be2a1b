import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Nodes' };

export default async function NodesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
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
