import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache, type ReactElement } from 'react';
import { csrfTokenOf, type PagePath, type Principal } from '@/lib/auth/access';
import { pageDecision, pagePrincipal } from '@/lib/auth/pageAccess';
import { getDb } from '@/lib/db/client';

/** The caller of this page request (once per request: the layout and the page share it). */
export const currentPrincipal = cache(async (): Promise<Principal> => {
  const requestHeaders = await headers(); // first: it marks the render dynamic before the database is asked
  return pagePrincipal(await getDb(), requestHeaders);
});

/** The CSRF token this page's forms send with changes (none before sign-in). */
export const currentCsrfToken = async () => csrfTokenOf(await currentPrincipal());

/**
 * The gate of every page: sends nobody to sign in (and back here after), and answers a caller
 * whose role is too low with an explanation instead of the page.
 */
export async function guardPage(page: PagePath): Promise<{ principal: Principal } | { denied: ReactElement }> {
  const decision = pageDecision(await currentPrincipal(), page);
  if (decision.kind === 'allowed') return { principal: decision.principal };
  if (decision.kind === 'signIn') redirect(`/signin?next=${encodeURIComponent((await headers()).get('x-fleetledger-path') ?? '/')}`);
  return {
    denied: (
      <section className="panel" data-testid="access-denied">
        <h1>Not for your role</h1>
        <p>{decision.message} Ask an admin if you need it.</p>
      </section>
    ),
  };
}
