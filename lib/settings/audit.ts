import type { Prisma } from '@/lib/db/generated/client';
import type { Db } from '@/lib/db/client';

/** One audited change: who did what to which entity, with the state before and after. */
export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

type Tx = Pick<Db['prisma'], 'auditLog'>;

const json = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      before: json(entry.before),
      after: json(entry.after),
    },
  });
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export async function listAudit(db: Db, limit = 100): Promise<AuditRow[]> {
  const rows = await db.prisma.auditLog.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((r) => ({
    id: String(r.id), at: r.at.toISOString(), actor: r.actor, action: r.action, entity: r.entity, entityId: r.entityId, before: r.before, after: r.after,
  }));
}
