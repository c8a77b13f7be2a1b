import type { Db } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { getDataExtent } from '@/lib/metrics/queries/getDataExtent';
import { dataCoverage } from '@/lib/metrics/dataCoverage';
import { missingFields } from '@/lib/metrics/missingFields';
import { getDataHours } from '@/lib/metrics/queries/getDataHours';
import { getWindowDataVersion } from '@/lib/metrics/queries/getWindowDataVersion';
import { getWindowInputs } from '@/lib/metrics/queries/getWindowInputs';
import { rollupReader } from '@/lib/metrics/rollupReader';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { computeView, loadViewSettings, type ViewSettings } from './index';
import { withMissingInputs } from './missingInputs';
import { toViewQuery, withDataSpan, type MetricsQuery } from './params';
import type { View, ViewName, ViewQuery } from './types';
import { viewCache, viewCacheEnabled, type CachedView } from './viewCache';

/** The query of a request resolved against the organisation's day and the newest data. */
export async function resolveViewQuery(db: Db, query: MetricsQuery, now = Date.now()): Promise<ViewQuery> {
  const [org, extent] = await Promise.all([getDaySettings(db), getDataExtent(db.pool)]);
  try {
    return toViewQuery(query, { org, newest: extent.last === null ? null : extent.last + 60_000, now });
  } catch (e) {
    if (e instanceof RangeError) throw new BadRequest(e.message);
    throw e;
  }
}

async function computeServedView(db: Db, name: ViewName, q: ViewQuery, settings: ViewSettings): Promise<View> {
  try {
    // Read with the view's data: what an ingest stores after this comes with a new data version.
    const spanned = withDataSpan(q, await getDataExtent(db.pool));
    const [view, inputs, hours] = await Promise.all([
      computeView(name, rollupReader(db.pool), spanned, settings), getWindowInputs(db.pool, q.window), getDataHours(db.pool, q.window),
    ]);
    return { ...withMissingInputs(view, missingFields(inputs)), inputs, coverage: dataCoverage(hours, q.window) };
  } catch (e) {
    if (e instanceof RangeError) throw new BadRequest(e.message);
    throw e;
  }
}

function served(entry: CachedView, ingestRunning: boolean): View {
  return ingestRunning ? { ...entry.view, ingestRunning: { computedAt: new Date(entry.computedAt).toISOString() } } : entry.view;
}

/**
 * A view as the API and the pages serve it: from the rollups. A window that has ended can only
 * change by an ingest, a deletion or a pricing change, so its view is kept in memory under its
 * query and the pricing and balancer settings, with the version of the data it read; a window
 * reaching the present is computed every time. Readers of the same view share one computation.
 * While an ingest into the window runs, a reader gets the last computed view at once and a
 * recomputation starts at most every `refreshMs` (2 s); once no ingest runs, every reader gets
 * the data as it stands. Cached views are shared: never mutated.
 */
export async function serveView(db: Db, name: ViewName, query: MetricsQuery, now = Date.now()): Promise<View> {
  const [q, settings] = await Promise.all([resolveViewQuery(db, query, now), loadViewSettings(db, now)]);
  if (!viewCacheEnabled() || q.window.end > now) return computeServedView(db, name, q, settings);
  const { version, ingestRunning } = await getWindowDataVersion(db.pool, q.window);
  const key = JSON.stringify([name, q, settings.pricing, settings.balancer]);
  const cache = viewCache();
  const latest = cache.latest.get(key);
  const compute = () => cache.compute(key, version, () => computeServedView(db, name, q, settings));
  if (latest?.version === version) return served(latest, ingestRunning);
  if (latest && ingestRunning) {
    if (!cache.computing(key) && Date.now() - latest.computedAt >= cache.refreshMs) {
      compute().catch((e: Error) => console.error(`view ${name}: recomputing during an ingest failed: ${e.message}`));
    }
    return served(latest, true);
  }
  return served(await compute(), ingestRunning);
}
