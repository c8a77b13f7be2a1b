/**
 * The ingests running in this process, each with the AbortController that stops it: deleting a
 * job that is still ingesting first stops its ingest, or the ingest would store rows after the
 * delete had removed the earlier ones.
 */
export const DELETED_WHILE_INGESTING = 'the job was deleted while it was ingesting';

interface Running {
  controller: AbortController;
  stopped: Promise<void>;
}

const running = new Map<string, Running>();

export interface RunHandle {
  signal: AbortSignal;
  /** Called once the ingest has stopped and recorded its outcome. */
  stopped(): void;
}

export function startRun(jobId: bigint): RunHandle {
  const controller = new AbortController();
  let stopped!: () => void;
  running.set(String(jobId), { controller, stopped: new Promise<void>((resolve) => (stopped = resolve)) });
  return {
    signal: controller.signal,
    stopped: () => {
      running.delete(String(jobId));
      stopped();
    },
  };
}

/** Stops the job's ingest when it runs in this process, and waits until it has; false when it does not run here. */
export async function cancelRun(jobId: bigint): Promise<boolean> {
  const run = running.get(String(jobId));
  if (!run) return false;
  run.controller.abort(new Error(DELETED_WHILE_INGESTING));
  await run.stopped;
  return true;
}
