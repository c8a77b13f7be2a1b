import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';

const PREFIX = 'flt_';

export const TOKEN_SCOPES = ['ingest', 'read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates an API token; the token itself is returned once and only its hash is stored. */
export async function createApiToken(db: Db, name: string, scopes: readonly TokenScope[] = TOKEN_SCOPES): Promise<{ id: number; token: string }> {
  const token = PREFIX + randomBytes(24).toString('base64url');
  const row = await db.prisma.apiToken.create({
    data: { name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX.length + 4), scopes: [...scopes] },
  });
  return { id: row.id, token };
}

type TokenRow = NonNullable<Awaited<ReturnType<Db['prisma']['apiToken']['findUnique']>>>;

/**
 * A sender pushing remote write or traces presents its token dozens of times a second: a token
 * found is trusted for a few seconds without a query, and its last-used time written at most
 * once a minute. A revocation takes effect within TRUST_MS in every process.
 */
const TRUST_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
const recent = new Map<string, { row: TokenRow; checkedAt: number }>();

/** The live token row for a presented token, or null (unknown or revoked). */
export async function findApiToken(db: Db, token: string, now = Date.now()): Promise<TokenRow | null> {
  const hash = hashToken(token);
  const cached = recent.get(hash);
  if (cached && now - cached.checkedAt < TRUST_MS) return cached.row;
  const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hash } });
  if (!row || row.revokedAt) {
    recent.delete(hash);
    return null;
  }
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    row.lastUsedAt = new Date(now);
    await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: row.lastUsedAt } });
  }
  if (recent.size > 1000) recent.clear();
  recent.set(hash, { row, checkedAt: now });
  return row;
}

export async function revokeApiToken(db: Db, id: number): Promise<void> {
  await db.prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
  for (const [hash, entry] of recent) if (entry.row.id === id) recent.delete(hash);
}
