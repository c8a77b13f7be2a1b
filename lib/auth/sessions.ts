import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { isRole, type Role } from './roles';

/** A session ends after this long without a request, and this long after sign-in regardless. */
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
// Writing last-seen on every request would make every page view a write.
const TOUCH_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'fl_session';
export const CSRF_COOKIE = 'fl_csrf';

export interface Session {
  id: number;
  csrfToken: string;
  user: { id: number; email: string; role: Role };
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session for the user; the token goes in the cookie and only its hash is stored. */
export async function createSession(db: Db, userId: number): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.prisma.userSession.create({ data: { userId, tokenHash: hash(token), csrfToken } });
  return { token, csrfToken };
}

/** The live session of a cookie token, or null (unknown, revoked, idle too long or too old). */
export async function findSession(db: Db, token: string, now = new Date()): Promise<Session | null> {
  const row = await db.prisma.userSession.findUnique({ where: { tokenHash: hash(token) }, include: { user: true } });
  if (!row || row.revokedAt) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS || now.getTime() - row.createdAt.getTime() > SESSION_MAX_MS) return null;
  if (!isRole(row.user.role)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.prisma.userSession.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return { id: row.id, csrfToken: row.csrfToken, user: { id: row.user.id, email: row.user.email, role: row.user.role } };
}

export async function revokeSession(db: Db, id: number): Promise<void> {
  await db.prisma.userSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Signs the user out everywhere: every session of theirs ends. */
export async function revokeUserSessions(db: Db, userId: number): Promise<number> {
  const { count } = await db.prisma.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
