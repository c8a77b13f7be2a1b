import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { isRole, isTokenScope, SCOPES_OF_ROLE, TOKEN_SCOPES, type Role, type TokenScope } from './roles';

export { TOKEN_SCOPES, type TokenScope };

const PREFIX = 'flt_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A token as lists show it: never the token itself. */
export interface TokenInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  owner: string | null;
}

/** A presented, live token: what it may do now (its scopes cut to its user's current role). */
export interface LiveToken {
  id: number;
  name: string;
  scopes: TokenScope[];
  user: { id: number; email: string; role: Role } | null;
}

/** Creates an API token; the token itself is returned once and only its hash is stored. */
export async function createApiToken(
  db: Db,
  name: string,
  scopes: readonly TokenScope[] = ['ingest', 'read'],
  userId: number | null = null,
): Promise<{ id: number; token: string }> {
  const token = PREFIX + randomBytes(24).toString('base64url');
  const row = await db.prisma.apiToken.create({
    data: { name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX.length + 4), scopes: [...scopes], userId },
  });
  return { id: row.id, token };
}

type TokenRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;

const findRow = (db: Db, hash: string) => db.prisma.apiToken.findUnique({ where: { tokenHash: hash }, include: { user: true } });

function liveToken(row: TokenRow): LiveToken | null {
  const stored = row.scopes.filter(isTokenScope);
  if (!row.user) return { id: row.id, name: row.name, scopes: stored, user: null };
  if (!isRole(row.user.role)) return null;
  const allowed = SCOPES_OF_ROLE[row.user.role];
  return { id: row.id, name: row.name, scopes: stored.filter((s) => allowed.includes(s)), user: { id: row.user.id, email: row.user.email, role: row.user.role } };
}

/**
 * A sender pushing remote write or traces presents its token dozens of times a second: a token
 * found is trusted for a few seconds without a query, and its last-used time written at most
 * once a minute. A revocation or role change takes effect within TRUST_MS in every process.
 */
const TRUST_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
const recent = new Map<string, { token: LiveToken; checkedAt: number }>();

/** The live token for a presented token, or null (unknown or revoked). */
export async function findApiToken(db: Db, token: string, now = Date.now()): Promise<LiveToken | null> {
  const hash = hashToken(token);
  const cached = recent.get(hash);
  if (cached && now - cached.checkedAt < TRUST_MS) return cached.token;
  const row = await findRow(db, hash);
  const live = row && !row.revokedAt ? liveToken(row) : null;
  if (!row || !live) {
    recent.delete(hash);
    return null;
  }
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  if (recent.size > 1000) recent.clear();
  recent.set(hash, { token: live, checkedAt: now });
  return live;
}

/** Tokens, newest first: a user's own, or everyone's (userId null). */
export async function listApiTokens(db: Db, userId: number | null): Promise<TokenInfo[]> {
  const rows = await db.prisma.apiToken.findMany({
    where: userId === null ? {} : { userId },
    orderBy: { id: 'desc' },
    include: { user: { select: { email: true } } },
  });
  return rows.map((r) => ({
    id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes.filter(isTokenScope), createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt, owner: r.user?.email ?? null,
  }));
}

export async function findTokenOwner(db: Db, id: number): Promise<{ exists: boolean; userId: number | null }> {
  const row = await db.prisma.apiToken.findUnique({ where: { id }, select: { userId: true } });
  return { exists: row !== null, userId: row?.userId ?? null };
}

/** Revokes a token (idempotent); true when it existed. */
export async function revokeApiToken(db: Db, id: number): Promise<boolean> {
  const { count } = await db.prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  for (const [hash, entry] of recent) if (entry.token.id === id) recent.delete(hash);
  return count > 0 || (await db.prisma.apiToken.count({ where: { id } })) > 0;
}

/** Forgets cached tokens of a user whose role changed or who was deleted. */
export function forgetUserTokens(userId: number): void {
  for (const [hash, entry] of recent) if (entry.token.user?.id === userId) recent.delete(hash);
}
