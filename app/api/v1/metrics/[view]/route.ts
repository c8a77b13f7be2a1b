import { authorise } from '@/lib/auth/access';
import { getDb, getReadDb } from '@/lib/db/client';
import { NotFound } from '@/lib/http/errors';
import { parseQuery } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { MetricsQuery } from '@/lib/metrics/views/params';
import { serveView } from '@/lib/metrics/views/serve';
import { VIEW_NAMES, type ViewName } from '@/lib/metrics/views/types';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const isView = (name: string): name is ViewName => (VIEW_NAMES as readonly string[]).includes(name);

/** GET /api/v1/metrics/<view>?from=&to=|range=&tz=&dayStart=&step=&role=&node=&model= — a bearer API token. */
export const GET = route(async (request, context: { params: Promise<{ view: string }> }) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/v1/metrics/[view]');
  const { view } = await context.params;
  if (!isView(view)) throw new NotFound(`No metrics view "${view}": one of ${VIEW_NAMES.join(', ')}.`);
  const body = await serveView(await getReadDb(), view, parseQuery(request, MetricsQuery));
  return Response.json(body, { headers: { 'cache-control': 'no-store' } });
});
