import type { Db } from '@/lib/db/client';
import type { Phase } from '@/lib/ingest/records';
import { getBalancerSettings, type BalancerSetting } from '@/lib/metrics/balancerSettings';
import type { MetricsReader } from '@/lib/metrics/rows';
import { loadPricing } from '@/lib/settings/pricingStore';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import { balanceView } from './balance';
import { cacheView } from './cache';
import { expertsView } from './experts';
import { kvView } from './kv';
import { latencyView } from './latency';
import { nodesView } from './nodes';
import { overviewView } from './overview';
import { throughputView } from './throughput';
import type { View, ViewName, ViewQuery } from './types';

/** What views need besides telemetry: pricing (overview; the electricity rate for nodes) and the balancer settings (experts). */
export interface ViewSettings {
  pricing: PricingConfig;
  balancer: Record<Phase, BalancerSetting>;
  now: number;
}

export async function loadViewSettings(db: Pick<Db, 'prisma'>, now = Date.now()): Promise<ViewSettings> {
  const [pricing, balancer] = await Promise.all([loadPricing(db), getBalancerSettings(db)]);
  return { pricing, balancer, now };
}

/** One fleet view of docs/design.md's metrics over the rollups (or the raw rows, for the benchmark). */
export function computeView(name: ViewName, reader: MetricsReader, q: ViewQuery, settings: ViewSettings): Promise<View> {
  switch (name) {
    case 'overview': return overviewView(reader, q, settings.pricing);
    case 'throughput': return throughputView(reader, q);
    case 'cache': return cacheView(reader, q);
    case 'kv': return kvView(reader, q);
    case 'nodes': return nodesView(reader, q, settings.pricing.electricityRates, settings.now);
    case 'latency': return latencyView(reader, q);
    case 'balance': return balanceView(reader, q);
    case 'experts': return expertsView(reader, q, settings.balancer);
  }
}
