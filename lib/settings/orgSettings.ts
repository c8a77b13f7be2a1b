import type { Db } from '@/lib/db/client';
import { assertTimeZone, parseLocalTime } from '@/lib/time/localTime';
import { syncDayTierInBackground } from '@/lib/db/ingest/syncDayTier';
import { recordAudit } from './audit';

/** The organisation's day (docs/design.md "Windows and days"): IANA zone and local day-start HH:MM; default 00:00 UTC. */
export interface DaySettings {
  timeZone: string;
  dayStart: string;
}

export const DEFAULT_DAY: DaySettings = { timeZone: 'UTC', dayStart: '00:00' };

export async function getDaySettings(db: Pick<Db, 'prisma'>): Promise<DaySettings> {
  const row = await db.prisma.orgSettings.findUnique({ where: { id: 1 } });
  return row ? { timeZone: row.timeZone, dayStart: row.dayStart } : DEFAULT_DAY;
}

/** The organisation has ever chosen its day (an audited change), rather than running on the default the migration seeded. */
export async function hasChosenDay(db: Pick<Db, 'prisma'>): Promise<boolean> {
  return (await db.prisma.auditLog.count({ where: { entity: 'org_settings', action: 'settings.update' } })) > 0;
}

export function validateDaySettings(settings: DaySettings): void {
  assertTimeZone(settings.timeZone);
  parseLocalTime(settings.dayStart);
}

/**
 * Audited; returns false when nothing changed. The day rollups are then keyed by the new day in
 * the background (minutes on years of data; until a day is keyed, views read its hours: the
 * figures are the same, and a server that stops meanwhile finishes at its next start).
 */
export async function saveDaySettings(db: Db, settings: DaySettings, actor: string): Promise<boolean> {
  validateDaySettings(settings);
  const changed = await db.prisma.$transaction(async (tx) => {
    const before = await getDaySettings({ prisma: tx } as Pick<Db, 'prisma'>);
    if (before.timeZone === settings.timeZone && before.dayStart === settings.dayStart) return false;
    await tx.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, ...settings }, update: { ...settings, updatedAt: new Date() } });
    await recordAudit(tx, { actor, action: 'settings.update', entity: 'org_settings', entityId: '1', before, after: settings });
    return true;
  });
  if (changed) void syncDayTierInBackground(db.pool);
  return changed;
}
