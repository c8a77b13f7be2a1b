import type { Db } from '@/lib/db/client';
import { failRunningJobs } from '@/lib/db/ingest/failRunningJobs';
import { heartbeatFresh, onThisHost } from '@/lib/db/ingest/jobOwner';
import { runningUploads, type RunningUpload } from '@/lib/db/ingest/runningUploads';

export const SERVER_STOPPED = 'the server stopped during the ingest';

/** Whether a process of this machine has the id (EPERM: it exists, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether nothing will finish an upload: on this machine its process is gone; on another
 * machine, where its pid cannot be checked, it has not committed a batch for STALE_AFTER_MS.
 */
function isOrphaned(job: RunningUpload, isAlive: (pid: number) => boolean, now: number): boolean {
  if (job.pid === null) return true;
  if (onThisHost(job)) return job.pid !== process.pid && !isAlive(job.pid);
  return !heartbeatFresh(job, now);
}

/**
 * At a web server's start: an HTTP upload's job still marked running whose process is gone (the
 * server was killed mid-upload) would stay running forever, since nobody will finish it. It is
 * marked failed; the batches it committed stay (each a transaction, counted on the job), and
 * sending the file again stores the rest, its keys skipping what is already stored.
 */
export async function failOrphanedUploads(db: Db, isAlive: (pid: number) => boolean = processAlive, now = Date.now()): Promise<bigint[]> {
  const orphaned = (await runningUploads(db)).filter((job) => isOrphaned(job, isAlive, now));
  return failRunningJobs(db, orphaned.map((job) => job.id), SERVER_STOPPED);
}
