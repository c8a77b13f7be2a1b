import type { Db } from '@/lib/db/client';
import { failRunningJobs } from '@/lib/db/ingest/failRunningJobs';
import { runningUploads } from '@/lib/db/ingest/runningUploads';

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
 * At a web server's start: an HTTP upload's job still marked running whose process is gone (the
 * server was killed mid-upload) would stay running forever, since nobody will finish it. It is
 * marked failed; the batches it committed stay (each a transaction, counted on the job), and
 * sending the file again stores the rest, its keys skipping what is already stored. Uploads run
 * in the web server that received them, so a job's pid is a process of this machine as long as
 * one machine serves the database.
 */
export async function failOrphanedUploads(db: Db, isAlive: (pid: number) => boolean = processAlive): Promise<bigint[]> {
  const orphaned = (await runningUploads(db)).filter((job) => job.pid === null || (job.pid !== process.pid && !isAlive(job.pid)));
  return failRunningJobs(db, orphaned.map((job) => job.id), SERVER_STOPPED);
}
