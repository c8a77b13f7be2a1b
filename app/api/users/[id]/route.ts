import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
import { changeUserRole, removeUser } from '@/lib/auth/manage';
import { ROLES } from '@/lib/auth/roles';
import { UserProblem } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { parseJsonBody, parseParams } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Params = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const Body = z.object({ role: z.enum(ROLES) });
type Context = { params: Promise<{ id: string }> };

const asBadRequest = (e: unknown) => (e instanceof UserProblem ? new BadRequest(e.message) : e);

/** Changes a user's role; it applies at once to their sessions and tokens. */
export const PATCH = route<Context>(async (request, context) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'PATCH /api/users/[id]');
  const { id } = await parseParams(context, Params);
  const { role } = await parseJsonBody(request, Body);
  return Response.json({ user: await changeUserRole(db, principal, id, role).catch((e) => Promise.reject(asBadRequest(e))) });
});

/** Deletes a user with their sessions and tokens. */
export const DELETE = route<Context>(async (request, context) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'DELETE /api/users/[id]');
  const { id } = await parseParams(context, Params);
  return Response.json({ user: await removeUser(db, principal, id).catch((e) => Promise.reject(asBadRequest(e))) });
});
