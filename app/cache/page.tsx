import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Cache' };

export default async function CachePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/cache');
  if ('denied' in access) return access.denied;
  return (
    <FleetView
      name="cache"
      title="Cache"
      subtitle="Cache-hit ratio = cached input tokens ÷ input tokens, over time and by model and source."
      searchParams={await searchParams}
      filters={['node', 'model']}
    />
  );
}
