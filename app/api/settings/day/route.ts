import { z } from 'zod';
import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { route } from '@/lib/http/route';
import { saveDaySettings } from '@/lib/settings/orgSettings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Body = z.object({ timeZone: z.string().min(1), dayStart: z.string() });

/** The organisation's day: IANA zone and day-start HH:MM (audited). */
export const PUT = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'PUT /api/settings/day');
  const body = await parseJsonBody(request, Body);
  try {
    return Response.json({ changed: await saveDaySettings(db, body, actorOf(principal)) });
  } catch (e) {
    if (e instanceof RangeError) throw new BadRequest(e.message);
    throw e;
  }
});
