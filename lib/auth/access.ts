import type { Db } from '@/lib/db/client';
import { Forbidden, Misdirected, Unauthorized } from '@/lib/http/errors';
import { csrfProblem } from './csrf';
import { hostAllowed, requestHost } from './hosts';
import { printPass, PRINT_PASS_HEADER } from './printPass';
import { roleAtLeast, type Role, type TokenScope } from './roles';
import { findSession, SESSION_COOKIE } from './sessions';
import { localCsrfToken, signInIsOff } from './signInMode';
import { findApiToken, type LiveToken } from './tokens';

/**
 * The one access table: every route and page of the app, the least role that may use it and
 * the token scope that may call it (null: browsers only). `authorise` and `pageAccess` read it;
 * lib/auth/access.matrix.test.ts checks that every route and page is in it, and e2e/access.spec.ts
 * walks it with every kind of caller.
 */
export interface Rule {
  role: Role | 'public';
  scope: TokenScope | null;
}

const rule = (role: Rule['role'], scope: TokenScope | null = null): Rule => ({ role, scope });

export const ROUTES = {
  'GET /api/health': rule('public'),
  'POST /api/auth/signin': rule('public'),
  'POST /api/auth/signout': rule('viewer'),
  'GET /api/v1/metrics/[view]': rule('viewer', 'read'),
  'POST /api/v1/ingest': rule('finance', 'ingest'),
  'POST /api/v1/write': rule('finance', 'ingest'),
  'POST /v1/traces': rule('finance', 'ingest'),
  'GET /reports/daily/[date]/json': rule('viewer', 'read'),
  'GET /reports/daily/[date]/csv': rule('viewer', 'read'),
  'GET /reports/daily/[date]/pdf': rule('viewer', 'read'),
  'GET /api/reports/daily/[date]/restatement': rule('viewer', 'read'),
  'POST /api/reports/daily/[date]/restatement': rule('finance'),
  'POST /api/reports/daily/[date]/close': rule('finance'),
  'GET /api/settings/pricing': rule('viewer', 'read'),
  'PUT /api/settings/pricing': rule('finance'),
  'PUT /api/settings/day': rule('admin'),
  'PUT /api/settings/metric-mapping': rule('admin'),
  'PUT /api/balancer-settings/[role]': rule('admin'),
  'POST /api/ingest': rule('finance', 'ingest'),
  'GET /api/ingest/jobs': rule('finance', 'ingest'),
  'GET /api/ingest/jobs/[id]': rule('finance', 'ingest'),
  'DELETE /api/ingest/jobs/[id]': rule('admin', 'admin'),
  'GET /api/demo': rule('finance'),
  'DELETE /api/demo': rule('admin'),
  'GET /api/users': rule('admin', 'admin'),
  'POST /api/users': rule('admin'),
  'PATCH /api/users/[id]': rule('admin'),
  'DELETE /api/users/[id]': rule('admin'),
  'GET /api/tokens': rule('viewer'),
  'POST /api/tokens': rule('viewer'),
  'DELETE /api/tokens/[id]': rule('viewer'),
} as const satisfies Record<string, Rule>;

export type RouteKey = keyof typeof ROUTES;

export const PAGES = {
  '/signin': 'public',
  '/': 'viewer',
  '/throughput': 'viewer',
  '/cache': 'viewer',
  '/kv': 'viewer',
  '/nodes': 'viewer',
  '/latency': 'viewer',
  '/balance': 'viewer',
  '/experts': 'viewer',
  '/finance': 'viewer',
  '/reports': 'viewer',
  '/reports/daily/[date]': 'viewer',
  '/reports/monthly/[month]': 'viewer',
  '/reports/invalid': 'public',
  '/settings': 'viewer',
  '/tokens': 'viewer',
  '/upload': 'finance',
  '/users': 'admin',
} as const satisfies Record<string, Rule['role']>;

export type PagePath = keyof typeof PAGES;

/** Who is asking: a signed-in user, an API token, anyone on this machine while sign-in is off, or nobody. */
export type Principal =
  | { kind: 'user'; user: { id: number; email: string; role: Role }; sessionId: number; csrfToken: string }
  | { kind: 'token'; token: LiveToken }
  | { kind: 'local' }
  | { kind: 'anonymous' };

/** The name the audit log records for a change. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user': return principal.user.email;
    case 'token': return `token "${principal.token.name}"${principal.token.user ? ` of ${principal.token.user.email}` : ''}`;
    case 'local': return 'local (sign-in off)';
    case 'anonymous': return 'anonymous';
  }
}

/** The role a principal acts with; a token acts within its scopes instead. */
export function roleOf(principal: Principal): Role | null {
  if (principal.kind === 'user') return principal.user.role;
  if (principal.kind === 'local') return 'admin';
  return null;
}

function cookieValue(headers: Headers, name: string): string | null {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

const bearerOf = (headers: Headers) => /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1] ?? null;

/** The caller of a request from its headers alone (a bearer token, else the session cookie). */
export async function principalOf(db: Db, headers: Headers): Promise<Principal> {
  const pass = headers.get(PRINT_PASS_HEADER);
  if (pass && pass === printPass()) return { kind: 'token', token: { id: 0, name: 'report printer', scopes: ['read'], user: null } };
  const bearer = bearerOf(headers);
  if (bearer) {
    const token = await findApiToken(db, bearer);
    if (!token) throw new Unauthorized('The API token is unknown or revoked.');
    return { kind: 'token', token };
  }
  const cookie = cookieValue(headers, SESSION_COOKIE);
  const session = cookie ? await findSession(db, cookie) : null;
  if (session) return { kind: 'user', user: session.user, sessionId: session.id, csrfToken: session.csrfToken };
  return (await signInIsOff(db)) ? { kind: 'local' } : { kind: 'anonymous' };
}

/** Why the principal may not use something needing `rule`, or null when it may. */
export function denial(principal: Principal, rule: Rule): Unauthorized | Forbidden | null {
  if (rule.role === 'public') return null;
  if (principal.kind === 'anonymous') return new Unauthorized('Sign in first, or send an API token as "Authorization: Bearer <token>".');
  if (principal.kind === 'token') {
    if (!rule.scope) return new Forbidden(`API tokens may not do this; sign in to the web app.`);
    if (!principal.token.scopes.includes(rule.scope)) {
      return new Forbidden(`The API token "${principal.token.name}" lacks the ${rule.scope} scope (it has: ${principal.token.scopes.join(', ') || 'none'}).`);
    }
    return null;
  }
  const role = roleOf(principal)!;
  return roleAtLeast(role, rule.role) ? null : new Forbidden(`This needs the ${rule.role} role; you are ${role}.`);
}

/** The token a browser's state-changing request must echo (none before sign-in: the origin check alone). */
export function csrfTokenOf(principal: Principal): string | null {
  if (principal.kind === 'user') return principal.csrfToken;
  return principal.kind === 'local' ? localCsrfToken() : null;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The gate of every route handler: who is asking, whether the table lets them, and for a
 * browser's state-changing request, that it comes from this app's own pages.
 */
export async function authorise(db: Db, request: Request, key: RouteKey): Promise<Principal> {
  // Also here, not only in the proxy: the streaming upload routes bypass the proxy.
  const host = requestHost(request);
  if (!hostAllowed(host)) throw new Misdirected(host);
  // Public routes ask nothing of the database: health must answer while it is down.
  const principal: Principal = ROUTES[key].role === 'public' ? { kind: 'anonymous' } : await principalOf(db, request.headers);
  const refused = denial(principal, ROUTES[key]);
  if (refused) throw refused;
  if (STATE_CHANGING.has(request.method) && principal.kind !== 'token') {
    const problem = csrfProblem(request, csrfTokenOf(principal));
    if (problem) throw new Forbidden(problem);
  }
  return principal;
}
