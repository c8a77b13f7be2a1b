import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
import { addUser } from '@/lib/auth/manage';
import { ROLES } from '@/lib/auth/roles';
import { listUsers, UserProblem } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Body = z.object({ email: z.string().min(3).max(320), role: z.enum(ROLES), password: z.string().max(1024) });

export const GET = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/users');
  return Response.json({ users: await listUsers(db) });
});

/** Creates a user (admins only); the password is set by the admin and told to the user. */
export const POST = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/users');
  const body = await parseJsonBody(request, Body);
  try {
    return Response.json({ user: await addUser(db, principal, body) }, { status: 201 });
  } catch (e) {
    if (e instanceof UserProblem) throw new BadRequest(e.message);
    throw e;
  }
});
