import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
import { removeToken } from '@/lib/auth/manage';
import { getDb } from '@/lib/db/client';
import { NotFound } from '@/lib/http/errors';
import { parseParams } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Params = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
type Context = { params: Promise<{ id: string }> };

/** Revokes a token: the caller's own, or any for an admin. */
export const DELETE = route<Context>(async (request, context) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'DELETE /api/tokens/[id]');
  const { id } = await parseParams(context, Params);
  if (!(await removeToken(db, principal, id))) throw new NotFound(`You have no token ${id}.`);
  return Response.json({ revoked: id });
});
