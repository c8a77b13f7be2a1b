import { hostname } from 'node:os';

/** A job whose process died (killed mid-ingest) stops sending heartbeats; its stored batches stay. */
export const STALE_AFTER_MS = 2 * 60_000;

/**
 * The process that runs a job, as recorded on it: a pid names a process only on its own machine,
 * so web servers on several machines sharing one database tell theirs apart by host.
 */
export interface JobOwner {
  pid: number | null;
  /** null on jobs recorded before hosts were: those came from one machine, taken as this one. */
  host: string | null;
  /** Written with every batch the job commits. */
  heartbeatAt: Date | null;
}

export const THIS_HOST = hostname();

/** This process, as a job records its owner. */
export const OWNER_HERE = { pid: process.pid, host: THIS_HOST } as const;

/** Whether the job's process runs on this machine, where its pid can be checked. */
export const onThisHost = (owner: JobOwner): boolean => owner.host === null || owner.host === THIS_HOST;

/** Whether the job is this very process's. */
export const ownedByThisProcess = (owner: JobOwner): boolean => onThisHost(owner) && owner.pid === process.pid;

/** Whether the job committed a batch less than STALE_AFTER_MS ago. */
export const heartbeatFresh = (owner: JobOwner, now = Date.now()): boolean =>
  owner.heartbeatAt !== null && now - owner.heartbeatAt.getTime() < STALE_AFTER_MS;
