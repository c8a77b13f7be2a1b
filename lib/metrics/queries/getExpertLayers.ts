import type pg from 'pg';
import type { ExpertLayer } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';

/** The (phase, MoE layer) pairs with expert loads in the window (whole hours): a skip scan of the (phase, layer, bucket) key. */
export async function getExpertLayers(pool: pg.Pool, window: TimeWindow): Promise<ExpertLayer[]> {
  const { rows } = await pool.query<ExpertLayer>(
    `WITH RECURSIVE w AS (SELECT to_timestamp($1::float8 / 1000) AS lo, to_timestamp($2::float8 / 1000) AS hi),
     layers AS (
       (SELECT e.phase, e.layer FROM rollup_expert_hour e, w WHERE e.bucket >= w.lo AND e.bucket < w.hi ORDER BY e.phase, e.layer LIMIT 1)
       UNION ALL
       SELECT next.phase, next.layer FROM layers l, w,
              LATERAL (SELECT e.phase, e.layer FROM rollup_expert_hour e
                        WHERE (e.phase, e.layer) > (l.phase, l.layer) AND e.bucket >= w.lo AND e.bucket < w.hi
                        ORDER BY e.phase, e.layer LIMIT 1) next
     )
     SELECT phase, layer FROM layers ORDER BY 1, 2`,
    [window.start, window.end],
  );
  return rows;
}
