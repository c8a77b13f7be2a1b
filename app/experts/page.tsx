import type { Metadata } from 'next';
import { FleetView, type SearchParams } from '@/app/_components/fleet/fleet-view';
import { getDb } from '@/lib/db/client';
import { getBalancerSettings } from '@/lib/metrics/balancerSettings';
import { BalancerSettingsForm } from './balancer-settings-form';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Experts' };

export default async function ExpertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await guardPage('/experts');
  if ('denied' in access) return access.denied;
  const settings = await getBalancerSettings(await getDb());
  return (
    <FleetView
      name="experts"
      title="Experts"
      subtitle="Tokens per expert of a MoE layer, hot experts, per-GPU receive load, and what DeepSeek's expert-parallel load balancer (EPLB) reaches on these loads: its placement and balancedness (mean ÷ max GPU load) against the observed."
      searchParams={await searchParams}
      filters={['phase', 'layer']}
    >
      {() => <BalancerSettingsForm settings={settings} />}
    </FleetView>
  );
}
