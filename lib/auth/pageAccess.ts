import type { Db } from '@/lib/db/client';
import { ApiError } from '@/lib/http/errors';
import { denial, PAGES, principalOf, type PagePath, type Principal } from './access';

export type PageDecision =
  | { kind: 'allowed'; principal: Principal }
  | { kind: 'signIn' }
  | { kind: 'forbidden'; message: string };

/** The caller of a page request; a bad bearer token on a page counts as nobody. */
export async function pagePrincipal(db: Db, headers: Headers): Promise<Principal> {
  try {
    return await principalOf(db, headers);
  } catch (e) {
    if (e instanceof ApiError) return { kind: 'anonymous' };
    throw e;
  }
}

/** Whether the caller may see the page, per the access table. */
export function pageDecision(principal: Principal, page: PagePath): PageDecision {
  // A read token may read what a viewer reads (the PDF printer is one).
  const needed = PAGES[page];
  const refused = denial(principal, { role: needed, scope: needed === 'viewer' ? 'read' : null });
  if (!refused) return { kind: 'allowed', principal };
  return refused.status === 401 ? { kind: 'signIn' } : { kind: 'forbidden', message: refused.message };
}

/** Where sign-in may send the browser back to: a path on this site only. */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
