import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
import { addToken, tokensFor } from '@/lib/auth/manage';
import { TOKEN_SCOPES } from '@/lib/auth/roles';
import { UserProblem } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Body = z.object({ name: z.string().trim().min(1).max(100), scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(3) });

export const GET = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'GET /api/tokens');
  return Response.json({ tokens: await tokensFor(db, principal) });
});

/** Creates a token for the caller; the token is in this answer only. */
export const POST = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/tokens');
  const { name, scopes } = await parseJsonBody(request, Body);
  try {
    return Response.json(await addToken(db, principal, name, [...new Set(scopes)]), { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof UserProblem) throw new BadRequest(e.message);
    throw e;
  }
});
