import type { Db } from '@/lib/db/client';
import type { Role } from '@/lib/ingest/records';

interface Row {
  node: string;
  ts_ms: number;
  state: string;
}

const SERVING: ReadonlySet<string> = new Set(['prefill', 'decode', 'idle']);

/**
 * Each node's state over time from the stored node events, as a lookup: the role a node served
 * at an instant (its last event at or before it), or null when it was not serving. For metric
 * series whose labels name no role.
 */
export async function loadNodeRoles(db: Db): Promise<(node: string, ts: number) => Role | null> {
  const { rows } = await db.pool.query<Row>(
    `SELECT n.name AS node, extract(epoch FROM e.ts)::float8 * 1000 AS ts_ms, e.state
       FROM node_event e JOIN node n ON n.id = e.node_id ORDER BY n.name, e.ts`,
  );
  const byNode = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byNode.get(r.node);
    if (list) list.push(r);
    else byNode.set(r.node, [r]);
  }
  return (node, ts) => {
    const events = byNode.get(node);
    if (!events) return null;
    let lo = 0;
    let hi = events.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid].ts_ms <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const state = found < 0 ? null : events[found].state;
    return state !== null && SERVING.has(state) ? (state as Role) : null;
  };
}
