import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Load balance' };

export default async function BalancePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/balance');
  if ('denied' in access) return access.denied;
  return (
    <FleetView
      name="balance"
      title="Load balance"
      subtitle="Max ÷ mean over GPUs per sample interval for each balancer objective (1.0 is perfect balance), a GPU × time heatmap against the mean GPU, and the straggler GPUs."
      searchParams={await searchParams}
      filters={['role', 'objective', 'node']}
    />
  );
}
