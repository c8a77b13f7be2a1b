import type { Db } from '@/lib/db/client';
import { recordAudit } from '@/lib/settings/audit';
import type { FileSummary } from './ingest';

/** An upload that opened a job, whatever its outcome (a cut or refused body included): who sent it and what it stored. */
export async function recordUpload(db: Db, actor: string, summary: FileSummary): Promise<void> {
  if (!summary.jobId) return;
  await recordAudit(db.prisma, {
    actor,
    action: 'ingest.upload',
    entity: 'ingest_job',
    entityId: summary.jobId,
    after: {
      file: summary.file, format: summary.format, accepted: summary.accepted, duplicates: summary.duplicates,
      replaced: summary.replaced, rejected: summary.rejected, error: summary.error ?? null,
    },
  });
}

/** A job deleted with the rows it stored. */
export async function recordJobDeletion(db: Db, actor: string, jobId: bigint, deleted: { rows: number }): Promise<void> {
  await recordAudit(db.prisma, { actor, action: 'ingest.delete', entity: 'ingest_job', entityId: String(jobId), after: deleted });
}
