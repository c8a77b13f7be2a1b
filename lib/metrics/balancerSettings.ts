import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import type { Phase } from '@/lib/ingest/records';
import { recordAudit } from '@/lib/settings/audit';

/** One expert-parallel unit of a role: expert groups, nodes, GPUs, redundant expert slots. */
export interface BalancerSetting {
  groups: number;
  nodes: number;
  gpus: number;
  redundant: number;
}

/** DeepSeek's units: prefill 4 nodes (EP32, 32 redundant), decode 18 nodes (EP144, 32 redundant). */
export const DEFAULT_BALANCER: Record<Phase, BalancerSetting> = {
  prefill: { groups: 8, nodes: 4, gpus: 32, redundant: 32 },
  decode: { groups: 8, nodes: 18, gpus: 144, redundant: 32 },
};

export const BalancerSettingSchema = z.object({
  groups: z.coerce.number().int().min(1).max(4096),
  nodes: z.coerce.number().int().min(1).max(4096),
  gpus: z.coerce.number().int().min(1).max(65_536),
  redundant: z.coerce.number().int().min(0).max(65_536),
});

export async function getBalancerSettings(db: Pick<Db, 'prisma'>): Promise<Record<Phase, BalancerSetting>> {
  const rows = await db.prisma.expertBalancerSetting.findMany();
  const out = { ...DEFAULT_BALANCER };
  for (const r of rows) if (r.role === 'prefill' || r.role === 'decode') out[r.role] = { groups: r.groups, nodes: r.nodes, gpus: r.gpus, redundant: r.redundant };
  return out;
}

/** Audited; returns false when nothing changed. */
export async function saveBalancerSetting(db: Db, role: Phase, setting: BalancerSetting, actor: string): Promise<boolean> {
  const valid = BalancerSettingSchema.parse(setting);
  return db.prisma.$transaction(async (tx) => {
    const before = (await getBalancerSettings({ prisma: tx } as Pick<Db, 'prisma'>))[role];
    if (JSON.stringify(before) === JSON.stringify(valid)) return false;
    await tx.expertBalancerSetting.upsert({ where: { role }, create: { role, ...valid }, update: { ...valid, updatedAt: new Date() } });
    await recordAudit(tx, { actor, action: 'settings.update', entity: 'expert_balancer_setting', entityId: role, before, after: valid });
    return true;
  });
}
