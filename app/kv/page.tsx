import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'KV cache' };

export default async function KvPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/kv');
  if ('denied' in access) return access.denied;
  return (
    <FleetView
      name="kv"
      title="KV cache"
      subtitle="KV-cache length per output token (Σ w·(O·I + O·(O−1)/2) ÷ Σ w·O), the lengths output tokens see, and the KV cache of decode GPUs against their capacity."
      searchParams={await searchParams}
      filters={['node', 'model']}
    />
  );
}
