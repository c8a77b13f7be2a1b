import { hostname } from 'node:os';

/**
 * The process that runs a job, as recorded on it: a pid names a process only on its own machine,
 * so web servers on several machines sharing one database tell theirs apart by host.
 */
export interface JobOwner {
  pid: number | null;
  /** null on jobs recorded before hosts were: those came from one machine, taken as this one. */
  host: string | null;
}

export const THIS_HOST = hostname();

export const ownerHere = (): { pid: number; host: string } => ({ pid: process.pid, host: THIS_HOST });

/** Whether the job's process runs on this machine, where its pid can be checked. */
export const onThisHost = (owner: JobOwner): boolean => owner.host === null || owner.host === THIS_HOST;

/** Whether the job is this very process's. */
export const ownedByThisProcess = (owner: JobOwner): boolean => onThisHost(owner) && owner.pid === process.pid;
