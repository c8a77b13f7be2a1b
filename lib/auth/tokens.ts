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

/** The live token row for a presented token, or null (unknown or revoked). */
export async function findApiToken(db: Db, token: string) {
  const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) return null;
  await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return row;
}

export async function revokeApiToken(db: Db, id: number): Promise<void> {
  await db.prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
}
