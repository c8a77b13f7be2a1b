import { z } from 'zod';
import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { parseJsonBody, parseParams } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { PHASES } from '@/lib/ingest/records';
import { BalancerSettingSchema, saveBalancerSetting } from '@/lib/metrics/balancerSettings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** PUT /api/balancer-settings/<prefill|decode> {groups, nodes, gpus, redundant} — the web app's. */
export const PUT = route(async (request, context: { params: Promise<unknown> }) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'PUT /api/balancer-settings/[role]');
  const { role } = await parseParams(context, z.object({ role: z.enum(PHASES) }));
  const setting = await parseJsonBody(request, BalancerSettingSchema);
  const changed = await saveBalancerSetting(db, role, setting, actorOf(principal));
  return Response.json({ role, setting, changed });
});
