import type { Db } from '@/lib/db/client';
import { Prisma } from '@/lib/db/generated/client';
import { metricMappingSchema, resolveMapping, type MetricMapping, type MetricMappingInput } from '@/lib/ingest/metrics/mapping';
import { recordAudit } from './audit';

/** The organisation's metric mapping as saved (null: the defaults). */
export async function getMetricMappingInput(db: Pick<Db, 'prisma'>): Promise<MetricMappingInput | null> {
  const row = await db.prisma.orgSettings.findUnique({ where: { id: 1 }, select: { metricMapping: true } });
  if (!row?.metricMapping) return null;
  const parsed = metricMappingSchema.safeParse(row.metricMapping);
  return parsed.success ? parsed.data : null;
}

/** The mapping metric inputs are read with: a file's own (`--mapping FILE`) over the organisation's, over the defaults. */
export async function getMetricMapping(db: Pick<Db, 'prisma'>, override?: MetricMappingInput): Promise<MetricMapping> {
  return resolveMapping(override ?? (await getMetricMappingInput(db)) ?? {});
}

/** Validated (zod) and audited; null resets to the defaults. Returns false when nothing changed. */
export async function saveMetricMapping(db: Db, input: unknown, actor: string): Promise<boolean> {
  const mapping = input === null ? null : metricMappingSchema.parse(input);
  return db.prisma.$transaction(async (tx) => {
    const before = await getMetricMappingInput({ prisma: tx } as Pick<Db, 'prisma'>);
    if (JSON.stringify(before) === JSON.stringify(mapping)) return false;
    const value = mapping ?? Prisma.DbNull;
    await tx.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, metricMapping: value }, update: { metricMapping: value, updatedAt: new Date() } });
    await recordAudit(tx, { actor, action: 'settings.update', entity: 'metric_mapping', entityId: '1', before, after: mapping });
    return true;
  });
}
