import type { Db } from '@/lib/db/client';
import { Forbidden, Unauthorized } from '@/lib/http/errors';
import { findApiToken, type TokenScope } from './tokens';

/**
 * Every access decision of the app is taken here, so that adding sign-in and roles is one
 * change. Today: the HTTP API (/api/v1) needs a bearer API token; the web app's own routes
 * are open (sign-in comes later).
 */
export type Action = 'ingest:write' | 'ingest:delete' | 'metrics:read' | 'reports:read' | 'reports:close' | 'settings:write';

export type Principal = { kind: 'token'; tokenId: number; name: string } | { kind: 'web' };

export type Surface = 'api' | 'web';

/** The token scope each action of the HTTP API needs. */
const SCOPE_OF: Readonly<Record<Action, TokenScope>> = {
  'ingest:write': 'ingest',
  'ingest:delete': 'ingest',
  'metrics:read': 'read',
  'reports:read': 'read',
  'reports:close': 'read',
  'settings:write': 'read',
};

export async function authorise(db: Db, request: Request, surface: Surface, action: Action): Promise<Principal> {
  if (surface === 'web') return { kind: 'web' }; // open until sign-in exists
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new Unauthorized('Send an API token as "Authorization: Bearer <token>" (npm run token:create).');
  const token = await findApiToken(db, match[1]);
  if (!token) throw new Unauthorized('The API token is unknown or revoked.');
  const scope = SCOPE_OF[action];
  if (!token.scopes.includes(scope)) throw new Forbidden(`The API token "${token.name}" lacks the ${scope} scope (it has: ${token.scopes.join(', ') || 'none'}).`);
  return { kind: 'token', tokenId: token.id, name: token.name };
}
