import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse } from '@/lib/http/envelope';
import { BadRequest } from '@/lib/http/errors';
import { reportUrlProblem } from '@/lib/report/urlRules';

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

/**
 * A malformed report URL answers 400 before anything renders: pages get the styled explanation,
 * downloads the error envelope. A page cannot set its own status, and Next.js answers a rewrite
 * with 200, so the explanation is fetched and sent with 400; a client-side navigation, or a
 * server that cannot reach itself, gets the rewrite.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search, searchParams } = request.nextUrl;
  const problem = reportUrlProblem(pathname, searchParams);
  if (!problem) return NextResponse.next();
  if (problem.download) return errorResponse(new BadRequest(problem.message));
  const page = `/reports/invalid?${new URLSearchParams({ url: `${pathname}${search}` })}`;
  const html = request.headers.has('rsc') ? null : await ownPage(page);
  if (html === null) return NextResponse.rewrite(new URL(page, request.url));
  return new NextResponse(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

export const config = { matcher: ['/reports/daily/:path*', '/reports/monthly/:path*'] };
