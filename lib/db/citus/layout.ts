/**
 * Where every table of the schema lives on a Citus cluster. Telemetry grows with the fleet, so it
 * is sharded: per-node rows and their per-node rollups by node (one co-location group, so a join
 * or a delete over a node's rows stays on its shard), requests and their key table by the request
 * key. Tables whose size does not grow with the fleet — configuration, dimensions, ingest jobs, and
 * the rollups without a node column (their rows are time × model × source, time × layer × expert,
 * or fleet-wide maxima) — are reference tables: a copy on every node, read locally, so a view
 * joins them with anything. The remote-write journal stays on the coordinator, the only reader.
 */
export type Placement =
  | { kind: 'distributed'; column: string; colocateWith?: string }
  | { kind: 'reference' }
  | { kind: 'coordinator' };

const byNode = (colocateWith?: string): Placement => ({ kind: 'distributed', column: 'node_id', colocateWith });
const byRequestKey = (colocateWith?: string): Placement => ({ kind: 'distributed', column: 'request_key', colocateWith });
const reference: Placement = { kind: 'reference' };
const coordinator: Placement = { kind: 'coordinator' };

/**
 * In the order they are placed: a reference table after the tables its foreign keys name, a
 * co-located table after the table it joins.
 */
export const CITUS_LAYOUT: ReadonlyArray<readonly [table: string, placement: Placement]> = [
  ['node', reference],
  ['model', reference],
  ['ingest_job', reference],
  ['ingest_error', reference],
  ['app_user', reference],
  ['user_session', reference],
  ['sign_in_failure', reference],
  ['api_token', reference],
  ['gpu_rate_card', reference],
  ['electricity_rate', reference],
  ['price_book', reference],
  ['off_peak_window', reference],
  ['billable_source', reference],
  ['org_settings', reference],
  ['expert_balancer_setting', reference],
  ['audit_log', reference],
  ['report_snapshot', reference],
  ['report_pdf', reference],
  ['rollup_request_minute', reference],
  ['rollup_request_hour', reference],
  ['rollup_request_day', reference],
  ['day_rollup_grid', reference],
  ['rollup_request_hist', reference],
  ['rollup_request_hist_hour', reference],
  ['rollup_request_hist_day', reference],
  ['rollup_expert_hour', reference],
  ['rollup_balance_slot', reference],
  ['rollup_balance_hour', reference],
  ['gpu_sample', byNode()],
  ['node_event', byNode('gpu_sample')],
  ['expert_load', byNode('gpu_sample')],
  ['rollup_node_minute', byNode('gpu_sample')],
  ['rollup_node_hour', byNode('gpu_sample')],
  ['rollup_node_day', byNode('gpu_sample')],
  ['rollup_node_last', byNode('gpu_sample')],
  ['rollup_gpu_10min', byNode('gpu_sample')],
  ['rollup_gpu_hour', byNode('gpu_sample')],
  ['rollup_gpu_day', byNode('gpu_sample')],
  ['rollup_gpu_attention_10min', byNode('gpu_sample')],
  ['rollup_expert_gpu_hour', byNode('gpu_sample')],
  ['request_key', byRequestKey()],
  ['request', byRequestKey('request_key')],
  ['remote_write_batch', coordinator],
  ['remote_write_round', coordinator],
  ['_prisma_migrations', coordinator],
];

/** The tables of `schemaTables` the layout does not place: a new migration's table needs a line above. */
export function unplacedTables(schemaTables: readonly string[]): string[] {
  const placed = new Set(CITUS_LAYOUT.map(([t]) => t));
  return schemaTables.filter((t) => !placed.has(t));
}

/** How a placement reads in a CLI's output. */
export function describePlacement(p: Placement): string {
  if (p.kind === 'reference') return 'reference table';
  if (p.kind === 'coordinator') return 'on the coordinator only';
  return `distributed by ${p.column}${p.colocateWith ? `, co-located with ${p.colocateWith}` : ''}`;
}
