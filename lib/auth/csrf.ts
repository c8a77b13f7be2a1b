import { timingSafeEqual } from 'node:crypto';
import { requestHost } from './hosts';

export const CSRF_HEADER = 'x-csrf-token';

// The content types a cross-site HTML form or no-cors fetch can send without a preflight.
const FORM_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Why a browser's state-changing request is refused as possibly forged by another site, or null.
 * A browser says where a request comes from (Sec-Fetch-Site, Origin); another site's form can
 * send only form content types; and only this app's pages know the session's CSRF token.
 */
export function csrfProblem(request: Request, expectedToken: string | null): string | null {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `Refused a ${site} request: changes are accepted only from FleetLedger's own pages.`;
  const origin = request.headers.get('origin');
  if (origin === 'null') return "Refused a request from an opaque origin: changes are accepted only from FleetLedger's own pages.";
  if (origin && hostOf(origin) !== requestHost(request)) return `Refused a request from ${origin}: changes are accepted only from FleetLedger's own pages.`;
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (FORM_TYPES.has(type)) return `Refused a ${type} body: send JSON or a file as application/octet-stream.`;
  if (expectedToken === null) return null;
  const sent = request.headers.get(CSRF_HEADER) ?? '';
  if (!sameText(sent, expectedToken)) return `The ${CSRF_HEADER} header is missing or stale: reload the page and try again.`;
  return null;
}
