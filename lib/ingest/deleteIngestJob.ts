import type { Db } from '@/lib/db/client';
import { deleteJob } from '@/lib/db/ingest/jobs';
import { jobProcess } from '@/lib/db/ingest/jobProcess';
import { heartbeatFresh, onThisHost, ownedByThisProcess, THIS_HOST } from '@/lib/db/ingest/jobOwner';
import { processAlive } from './orphanedUploads';
import { cancelRun } from './runningJobs';

/** The job is ingesting in another process (a CLI ingest, another server): only that process can stop it. */
export class JobRunningElsewhere extends Error {
  constructor(readonly jobId: bigint, readonly pid: number, readonly channel: string, readonly host: string | null) {
    super(`Ingest job ${jobId} is still running in another process (pid ${pid}${host && host !== THIS_HOST ? ` on ${host}` : ''}, ${channel}): stop that ingest or wait for it to end, then delete the job.`);
    this.name = 'JobRunningElsewhere';
  }
}

/**
 * Deletes a job and its rows. A job still ingesting in this process is stopped first, and the
 * delete waits until it has (its batches in flight committed), so no row of it is left behind.
 */
export async function deleteIngestJob(db: Db, id: bigint, isAlive: (pid: number) => boolean = processAlive): Promise<{ rows: number }> {
  if (!(await cancelRun(id))) {
    const job = await jobProcess(db, id);
    if (job?.status === 'running' && job.pid !== null && !ownedByThisProcess(job) && ((onThisHost(job) && isAlive(job.pid)) || heartbeatFresh(job))) {
      throw new JobRunningElsewhere(id, job.pid, job.channel, job.host);
    }
  }
  return deleteJob(db, id);
}
