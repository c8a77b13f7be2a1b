import { NextResponse, type NextRequest } from 'next/server';
import { hostAllowed } from '@/lib/auth/hosts';
import { errorResponse } from '@/lib/http/envelope';
import { BadRequest, Misdirected } from '@/lib/http/errors';
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/lib/http/securityHeaders';
import { pageUrlProblem } from '@/lib/http/pageUrls';

/** The explanation page, rendered by this server itself (`next start` publishes its port in PORT). */
async function ownPage(path: string): Promise<string | null> {
  if (!process.env.PORT) return null;
  try {
    const response = await fetch(`http://127.0.0.1:${process.env.PORT}${path}`, { cache: 'no-store' });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

function secured(response: Response, csp?: string): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (csp) response.headers.set('content-security-policy', csp);
  return response;
}

/**
 * A malformed report, view or finance URL answers 400 before anything renders: pages get the styled explanation,
 * downloads the error envelope. A page cannot set its own status, and Next.js answers a rewrite
 * with 200, so the explanation is fetched and sent with 400; a client-side navigation, or a
 * server that cannot reach itself, gets the rewrite.
 */
async function badUrlAnswer(request: NextRequest, headers: Headers): Promise<Response | null> {
  const { pathname, search, searchParams } = request.nextUrl;
  const problem = pageUrlProblem(pathname, searchParams);
  if (!problem) return null;
  if (problem.download) return errorResponse(new BadRequest(problem.message));
  const page = `/reports/invalid?${new URLSearchParams({ url: `${pathname}${search}` })}`;
  const html = request.headers.has('rsc') ? null : await ownPage(page);
  if (html === null) return NextResponse.rewrite(new URL(page, request.url), { request: { headers } });
  return new NextResponse(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * Every request passes here first: a Host this server does not answer to is refused (DNS
 * rebinding), malformed page and report URLs get their 400, and every answer gets the security headers.
 * Pages learn their own path (for sign-in's way back) and the CSP nonce from request headers.
 */
export async function proxy(request: NextRequest) {
  if (!hostAllowed(request.headers.get('host'))) {
    return secured(errorResponse(new Misdirected(request.headers.get('host'))));
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('x-fleetledger-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const badUrl = await badUrlAnswer(request, headers);
  return secured(badUrl ?? NextResponse.next({ request: { headers } }), csp);
}

// Not the streaming upload endpoints: Next.js buffers a request body for a proxy and cuts it at
// 10 MB, which silently truncated uploads. Their handlers check the host themselves (authorise).
export const config = { matcher: ['/((?!_next/static|_next/image|favicon\\.ico|api/ingest$|api/v1/ingest$|api/v1/write$|v1/traces$).*)'] };
