import { authorise } from '@/lib/auth/access';
import { sessionCookie } from '@/lib/auth/cookies';
import { revokeSession, revokeUserSessions } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Signs out this browser, or with ?everywhere=1 every session of the user. */
export const POST = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'POST /api/auth/signout');
  let ended = 0;
  if (principal.kind === 'user') {
    const everywhere = new URL(request.url).searchParams.get('everywhere') === '1';
    if (everywhere) ended = await revokeUserSessions(db, principal.user.id);
    else {
      await revokeSession(db, principal.sessionId);
      ended = 1;
    }
  }
  return Response.json({ ended }, { headers: { 'set-cookie': sessionCookie(request, '') } });
});
