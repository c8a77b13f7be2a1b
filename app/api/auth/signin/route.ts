import { z } from 'zod';
import { authorise } from '@/lib/auth/access';
import { clientAddress, sessionCookie } from '@/lib/auth/cookies';
import { signIn } from '@/lib/auth/signIn';
import { getDb } from '@/lib/db/client';
import { TooManyRequests, Unauthorized } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Body = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

/** Signs in: a session cookie and the CSRF token the app's pages send with changes. */
export const POST = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'POST /api/auth/signin');
  const body = await parseJsonBody(request, Body);
  const result = await signIn(db, { ...body, address: clientAddress(request) });
  if (!result.ok && result.reason === 'throttled') {
    throw new TooManyRequests(`Too many failed sign-ins: try again in ${Math.ceil(result.retryAfterSeconds / 60)} min.`, result.retryAfterSeconds);
  }
  if (!result.ok) throw new Unauthorized('The email or password is wrong.');
  return Response.json({ csrfToken: result.csrfToken }, { headers: { 'set-cookie': sessionCookie(request, result.token), 'cache-control': 'no-store' } });
});
