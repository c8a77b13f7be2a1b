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

export function liveRoundOptions(): Omit<RoundOptions, 'mapping'> {
  const settle = Number(process.env.FLEETLEDGER_REMOTE_WRITE_SETTLE_MS ?? DEFAULT_SETTLE_MS);
  return {
    settleMs: Number.isFinite(settle) && settle >= 0 ? settle : DEFAULT_SETTLE_MS,
    roundSamples: 500_000,
    keepMs: 60 * 60_000,
    // A scrape's parts are in within the settle time; the next scrape (15–60 s later) releases its rows.
    holdMs: 1000,
    quietMs: 30_000,
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
