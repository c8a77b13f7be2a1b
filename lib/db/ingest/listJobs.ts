import type { Db } from '@/lib/db/client';
import type { MetricNotice } from '@/lib/ingest/metrics/notices';
import { markInterruptedJobs } from './jobs';

/** An ingest job as the Upload page, the CLI and the API show it (ids as strings: they are int8). */
export interface JobView {
  id: string;
  createdAt: string;
  finishedAt: string | null;
  channel: string;
  fileName: string;
  format: string | null;
  status: string;
  replace: boolean;
  demo: boolean;
  accepted: number;
  duplicates: number;
  replaced: number;
  rejected: number;
  firstTs: string | null;
  lastTs: string | null;
  error: string | null;
  /** A metric input's notices (metrics not read, series not placed, samples skipped). */
  notices: MetricNotice[];
}

/** Past ingest jobs, newest first (jobs whose process died are marked interrupted first). */
export async function listJobs(db: Db, limit: number): Promise<JobView[]> {
  await markInterruptedJobs(db);
  const rows = await db.prisma.ingestJob.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((j) => ({
    id: String(j.id),
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    channel: j.channel,
    fileName: j.fileName,
    format: j.format,
    status: j.status,
    replace: j.replace,
    demo: j.demo,
    accepted: Number(j.accepted),
    duplicates: Number(j.duplicates),
    replaced: Number(j.replaced),
    rejected: Number(j.rejected),
    firstTs: j.minTs?.toISOString() ?? null,
    lastTs: j.maxTs?.toISOString() ?? null,
    error: j.error,
    notices: Array.isArray(j.notices) ? (j.notices as unknown as MetricNotice[]) : [],
  }));
}

/** The rejected lines of one job, in line order. */
export async function getJobErrors(db: Db, jobId: bigint, limit: number) {
  const rows = await db.prisma.ingestError.findMany({ where: { jobId }, orderBy: { line: 'asc' }, take: limit });
  return rows.map((e) => ({ line: Number(e.line), field: e.field, message: e.message, excerpt: e.excerpt }));
}
