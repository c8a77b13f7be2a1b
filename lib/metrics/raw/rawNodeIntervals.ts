import type pg from 'pg';
import { queryNodeIntervals, type NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { TimeWindow } from '@/lib/time/window';

const OVERLAPS = `g.ts > win.lo AND g.ts - g.interval_s * interval '1 second' < win.hi`;

/** getNodeIntervals from the raw rows: GPUs reported and eventless nodes' minutes from gpu_sample. */
export function rawNodeIntervals(pool: pg.Pool, window: TimeWindow): Promise<NodeInterval[]> {
  return queryNodeIntervals(pool, window, {
    reported: `SELECT g.node_id, count(DISTINCT g.gpu)::int AS gpus FROM gpu_sample g, win WHERE ${OVERLAPS} GROUP BY g.node_id`,
    eventlessMinutes: `SELECT node_id, role, bucket, sum(secs) AS gpu_seconds, count(DISTINCT gpu) AS gpus
        FROM (SELECT g.node_id, g.role, g.gpu, m AS bucket,
                     extract(epoch FROM least(m + interval '1 minute', g.ts) - greatest(m, g.ts - g.interval_s * interval '1 second'))::float8 AS secs
                FROM eventless r CROSS JOIN win JOIN gpu_sample g ON g.node_id = r.node_id,
                     generate_series(date_trunc('minute', g.ts - g.interval_s * interval '1 second', 'UTC'), g.ts - interval '1 microsecond', interval '1 minute') AS m
               WHERE ${OVERLAPS}) parts
       WHERE secs > 0 AND bucket >= (SELECT lo FROM win) AND bucket < (SELECT hi FROM win)
       GROUP BY 1, 2, 3`,
  });
}
