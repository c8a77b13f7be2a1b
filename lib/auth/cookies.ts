import { SESSION_IDLE_MS, SESSION_COOKIE } from './sessions';

/** Secure cookies need HTTPS; behind a TLS-terminating proxy the request says so in X-Forwarded-Proto. */
export const isHttps = (request: Request) =>
  new URL(request.url).protocol === 'https:' || (request.headers.get('x-forwarded-proto') ?? '').split(',')[0].trim() === 'https';

/** The Set-Cookie value carrying a session (empty token and Max-Age=0: the cookie is removed). */
export function sessionCookie(request: Request, token: string): string {
  const maxAge = token ? Math.floor(SESSION_IDLE_MS / 1000) : 0;
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(isHttps(request) ? ['Secure'] : [])].join('; ');
}

/** The caller's address as the server saw it (the first X-Forwarded-For entry; Next.js sets it). */
export const clientAddress = (request: Request) => (request.headers.get('x-forwarded-for') ?? '').split(',')[0].trim() || 'unknown';
