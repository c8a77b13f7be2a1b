/**
 * The background loop of a server that receives remote write: every second it reads the
 * journal's ready rounds into records. One per process; started by the first remote-write
 * request and, after a restart, by the server's start (instrumentation.ts) so that what was
 * acknowledged before is read even if no sender comes back.
 */
import type { Db } from '@/lib/db/client';
import { getMetricMapping } from '@/lib/settings/metricMapping';
import { RemoteWriteRounds, type RoundOptions } from './remoteWriteRounds';

const TICK_MS = 1000;

/** Prometheus flushes a shard's queue at least every 5 s (batch_send_deadline): a scrape's parts are in by then. */
export const DEFAULT_SETTLE_MS = 5000;

/** A quiet sender's held rows are stored after this long (its next scrape would have come by then). */
export const DEFAULT_QUIET_MS = 30_000;

const envMs = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};

export function liveRoundOptions(): Omit<RoundOptions, 'mapping'> {
  return {
    settleMs: envMs('FLEETLEDGER_REMOTE_WRITE_SETTLE_MS', DEFAULT_SETTLE_MS),
    roundSamples: 100_000,
    keepMs: 60 * 60_000,
    // A row waits for data one settle time newer: every part of its scrape was received before that
    // data was (a part slower than the settle time is late, and its increase moves to the next row).
    holdMs: envMs('FLEETLEDGER_REMOTE_WRITE_SETTLE_MS', DEFAULT_SETTLE_MS),
    quietMs: envMs('FLEETLEDGER_REMOTE_WRITE_QUIET_MS', DEFAULT_QUIET_MS),
  };
}

interface Runner {
  rounds: RemoteWriteRounds;
  timer: NodeJS.Timeout;
}

const holder = globalThis as unknown as { fleetRemoteWrite?: Promise<Runner> };

/** Starts the loop once per process; later calls return the running one. */
export function ensureRemoteWriteRunner(db: Db): Promise<Runner> {
  holder.fleetRemoteWrite ??= (async () => {
    const rounds = new RemoteWriteRounds(db, { ...liveRoundOptions(), mapping: await getMetricMapping(db) });
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      rounds
        .drain()
        .catch((e: Error) => console.error(`remote write: a round failed and will be retried: ${e.message}`))
        .finally(() => {
          busy = false;
        });
    }, TICK_MS);
    timer.unref();
    return { rounds, timer };
  })();
  return holder.fleetRemoteWrite;
}
