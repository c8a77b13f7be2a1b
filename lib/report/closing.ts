import type { Prisma } from '@/lib/db/generated/client';
import type { Db } from '@/lib/db/client';
import { BadRequest, Conflict, NotFound } from '@/lib/http/errors';
import { recordAudit } from '@/lib/settings/audit';
import { getDaySettings, type DaySettings } from '@/lib/settings/orgSettings';
import { dayWindow } from '@/lib/time/day';
import type { ReportDay } from './build';
import { restatementChanges, type FigureChange } from './flatten';
import { localText } from '@/lib/time/localText';
import { usdText } from './format';
import { computeDailyReport } from './live';
import type { DailyReport } from './types';

export interface ReportVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  /** What this version changed against the one before (empty for version 1). */
  changes: FigureChange[];
}

/** Why a closed day's figures may have moved since its last version. */
export interface RestatementCause {
  at: string;
  what: string;
}

export interface Restatement {
  changes: FigureChange[];
  causes: RestatementCause[];
}

const dayKey = (day: ReportDay) => ({ day: day.date, timeZone: day.timeZone, dayStart: day.dayStart });

export async function listVersions(db: Db, day: ReportDay): Promise<ReportVersion[]> {
  const rows = await db.prisma.reportSnapshot.findMany({ where: dayKey(day), orderBy: { version: 'asc' } });
  return rows.map((r) => ({
    version: r.version, createdAt: r.createdAt.toISOString(), createdBy: r.createdBy, changes: (r.changes as unknown as FigureChange[] | null) ?? [],
  }));
}

/** A stored version of a closed day (the latest when `version` is omitted); null when open. */
export async function getSnapshot(db: Db, day: ReportDay, version?: number): Promise<DailyReport | null> {
  const row = await db.prisma.reportSnapshot.findFirst({
    where: { ...dayKey(day), ...(version === undefined ? {} : { version }) },
    orderBy: { version: 'desc' },
  });
  if (!row && version !== undefined) throw new NotFound(`Version ${version} of ${day.date} does not exist.`);
  return row ? { ...(row.report as unknown as DailyReport), status: 'closed', version: row.version } : null;
}

async function storeVersion(db: Db, day: ReportDay, report: DailyReport, version: number, changes: FigureChange[], actor: string): Promise<DailyReport> {
  const window = dayWindow(day.date, day.timeZone, day.dayStart);
  const frozen = { ...report, status: 'closed' as const, version };
  try {
    await db.prisma.$transaction(async (tx) => {
      await tx.reportSnapshot.create({
        data: {
          ...dayKey(day), version, windowStart: new Date(window.start), windowEnd: new Date(window.end),
          report: frozen as unknown as Prisma.InputJsonValue, changes: changes as unknown as Prisma.InputJsonValue, createdBy: actor,
        },
      });
      await recordAudit(tx, {
        actor, action: version === 1 ? 'report.close' : 'report.restate', entity: 'report', entityId: `${day.date} ${day.dayStart} ${day.timeZone} v${version}`,
        after: version === 1 ? { cost: report.cost.total, revenue: report.revenue } : { changes },
      });
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') throw new Conflict(`Version ${version} of ${day.date} was just stored by someone else.`);
    throw e;
  }
  return frozen;
}

/** Why a day cannot be closed as asked (null: it can). */
export type CloseProblem =
  | { kind: 'convention'; org: DaySettings; message: string }
  | { kind: 'not-ended'; endsAt: string; message: string };

/**
 * A day is closed only under the organisation's day (a close under another zone or day start
 * would be invisible where finance looks), and only once it is over.
 */
export function closeProblem(day: ReportDay, org: DaySettings, now: number): CloseProblem | null {
  if (day.timeZone !== org.timeZone || day.dayStart !== org.dayStart) {
    return {
      kind: 'convention', org,
      message: `Days are closed only under the organisation's day (from ${org.dayStart} ${org.timeZone}, set in Settings); this is the day from ${day.dayStart} ${day.timeZone}.`,
    };
  }
  const { end } = dayWindow(day.date, day.timeZone, day.dayStart);
  if (end > now) {
    const endsAt = new Date(end).toISOString();
    return { kind: 'not-ended', endsAt, message: `${day.date} has not ended: it ends ${localText(end, day.timeZone)} ${day.timeZone}, and can be closed after that.` };
  }
  return null;
}

/** The totals a person confirmed when closing: the close is refused if the figures moved since. */
export interface ConfirmedTotals {
  cost: number;
  theoreticalRevenue: number;
  actualRevenue: number;
}

/**
 * Closes an open day: its report as of now becomes version 1, frozen. Under another zone or
 * day start than the organisation's it is a 400, before the day is over a 409, and when
 * `confirmed` totals no longer match the report a 409 too.
 */
export async function closeDay(db: Db, day: ReportDay, actor: string, options: { now?: number; confirmed?: ConfirmedTotals } = {}): Promise<DailyReport> {
  const problem = closeProblem(day, await getDaySettings(db), options.now ?? Date.now());
  if (problem?.kind === 'convention') throw new BadRequest(problem.message);
  if (problem) throw new Conflict(problem.message);
  if (await getSnapshot(db, day)) throw new Conflict(`${day.date} is already closed; accept a restatement to issue a new version.`);
  const report = await computeDailyReport(db, day);
  const { confirmed } = options;
  if (confirmed && (confirmed.cost !== report.cost.total || confirmed.theoreticalRevenue !== report.revenue.theoretical || confirmed.actualRevenue !== report.revenue.actual)) {
    throw new Conflict(
      `The figures of ${day.date} changed since they were shown: cost ${usdText(report.cost.total)}, theoretical revenue ${usdText(report.revenue.theoretical)}, actual revenue ${usdText(report.revenue.actual)} now. Review them and close again.`,
    );
  }
  return storeVersion(db, day, report, 1, [], actor);
}

/** Ingest jobs and pricing changes since the latest version that may touch the day. */
export async function restatementCauses(db: Db, day: ReportDay, since: Date): Promise<RestatementCause[]> {
  const window = dayWindow(day.date, day.timeZone, day.dayStart);
  // A GPU sample stamped at its interval's end can reach back into the day: allow an hour.
  const touches = { minTs: { lt: new Date(window.end + 3_600_000) }, maxTs: { gte: new Date(window.start) } };
  const [jobs, pricing] = await Promise.all([
    db.prisma.ingestJob.findMany({ where: { ...touches, OR: [{ createdAt: { gt: since } }, { deletedAt: { gt: since } }] }, orderBy: { id: 'asc' } }),
    db.prisma.auditLog.findMany({ where: { entity: 'pricing', at: { gt: since } }, orderBy: { id: 'asc' } }),
  ]);
  return [
    ...jobs.map((j) => ({
      at: (j.deletedAt ?? j.createdAt).toISOString(),
      what: j.deletedAt && j.deletedAt > since
        ? `ingest job ${j.id} (${j.fileName}) was deleted`
        : `ingest job ${j.id} (${j.fileName}) ${j.replace ? 'replaced rows' : 'added rows'} for this day`,
    })),
    ...pricing.map((a) => ({ at: a.at.toISOString(), what: `pricing changed (${a.action} by ${a.actor})` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * The restatement of a closed day: the figures that differ between its latest version and the
 * report computed now (late data, a deleted or replaced ingest job, a pricing change), and what
 * happened since that version. Null when the day is open.
 */
export async function getRestatement(db: Db, day: ReportDay): Promise<Restatement | null> {
  const row = await db.prisma.reportSnapshot.findFirst({ where: dayKey(day), orderBy: { version: 'desc' } });
  if (!row) return null;
  const latest = { ...(row.report as unknown as DailyReport), status: 'closed' as const, version: row.version };
  const live = await computeDailyReport(db, day);
  return { changes: restatementChanges(latest, live), causes: await restatementCauses(db, day, row.createdAt) };
}

/** Accepts the pending restatement: the report as of now becomes the next version. */
export async function acceptRestatement(db: Db, day: ReportDay, actor: string): Promise<DailyReport> {
  const latest = await getSnapshot(db, day);
  if (!latest) throw new Conflict(`${day.date} is not closed: there is nothing to restate.`);
  const live = await computeDailyReport(db, day);
  const changes = restatementChanges(latest, live);
  if (!changes.length) throw new Conflict(`${day.date} has no restatement pending: its figures are unchanged.`);
  return storeVersion(db, day, live, (latest.version ?? 0) + 1, changes, actor);
}

/** The report a reader gets: the latest (or a given) version of a closed day, else the live one. */
export async function getDailyReport(db: Db, day: ReportDay, version?: number): Promise<DailyReport> {
  return (await getSnapshot(db, day, version)) ?? computeDailyReport(db, day);
}
