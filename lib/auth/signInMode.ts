import { randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { countUsers } from './users';

/** The address the server listens on, set by the launcher; unset counts as beyond loopback. */
export const BIND_HOST_ENV = 'FLEETLEDGER_BIND_HOST';

export const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);

export const listensOnLoopbackOnly = () => isLoopbackHost(process.env[BIND_HOST_ENV] ?? '');

// Users are never all removed through the app (the last admin stays), so once some exist the
// answer is kept rather than asked of the database on every request.
const withUsers = new Set<string>();

/**
 * Sign-in is off only for a server on 127.0.0.1 with no users yet (a first `npm start`); every
 * page then says so. Anything listening beyond loopback requires sign-in, users or not.
 */
export async function signInIsOff(db: Db): Promise<boolean> {
  if (!listensOnLoopbackOnly()) return false;
  if (!withUsers.has(db.url) && (await countUsers(db)) > 0) withUsers.add(db.url);
  return !withUsers.has(db.url);
}

// One token for every bundle of the process: Next.js loads this module once per bundle.
const shared = globalThis as unknown as { fleetLedgerLocalCsrf?: string };

/** While sign-in is off, the CSRF token the pages of this process carry. */
export const localCsrfToken = () => (shared.fleetLedgerLocalCsrf ??= randomBytes(24).toString('base64url'));
