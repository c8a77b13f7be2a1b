import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
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
  await authorise(db, request, 'web', 'settings:write');
  const { mapping } = await parseJsonBody(request, Body);
  return Response.json({ changed: await saveMetricMapping(db, mapping ?? null, 'web') });
});
