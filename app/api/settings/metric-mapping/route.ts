import { z } from 'zod';
import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { parseJsonBody } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { saveMetricMapping } from '@/lib/settings/metricMapping';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Body = z.object({ mapping: z.unknown() });

/** The organisation's metric mapping (null: the defaults); validated, audited. */
export const PUT = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'PUT /api/settings/metric-mapping');
  const { mapping } = await parseJsonBody(request, Body);
  return Response.json({ changed: await saveMetricMapping(db, mapping ?? null, actorOf(principal)) });
});
