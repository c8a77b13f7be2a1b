import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Cache' };

export default async function CachePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
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
