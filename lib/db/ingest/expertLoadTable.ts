import type { ExpertLoadRecord } from '@/lib/ingest/records';
import { copyInstant as i } from './copyText';
import { markExpertHours } from './hours';
import type { TableSpec } from './table';

const keyArrays = (rows: ExpertLoadRecord[], ids: { node(name: string): number }) => [
  rows.map((r) => ids.node(r.node)),
  rows.map((r) => r.gpu),
  rows.map((r) => r.phase),
  rows.map((r) => r.layer),
  rows.map((r) => r.expert),
  rows.map((r) => i(r.ts)),
];
const KEYS = `unnest($1::int[], $2::smallint[], $3::text[], $4::smallint[], $5::smallint[], $6::timestamptz[])`;

export const expertLoadTable: TableSpec<ExpertLoadRecord> = {
  type: 'expert_load',
  table: 'expert_load',
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: () => [],
  key: (r, ids) => `${ids.node(r.node)}|${r.gpu}|${r.phase}|${r.layer}|${r.expert}|${Math.round(r.ts * 1000)}`,
  copies: [
    {
      table: 'expert_load',
      columns: 'ts, interval_s, phase, layer, expert, node_id, gpu, tokens, job_id',
      fields: (out, r, ids, jobId) =>
        out.timestamptz(r.ts).float8(r.intervalS).text(r.phase).int2(r.layer).int2(r.expert).int4(ids.node(r.node))
          .int2(r.gpu).int8(r.tokens).int8(jobId),
    },
  ],
  async stored(client, rows, _keys, ids) {
    const { rows: found } = await client.query<{ i: number }>(
      `SELECT k.i::int AS i FROM ${KEYS} WITH ORDINALITY AS k(node_id, gpu, phase, layer, expert, ts, i)
         JOIN expert_load e USING (node_id, gpu, phase, layer, expert, ts)`,
      keyArrays(rows, ids),
    );
    return new Set(found.map((r) => r.i - 1));
  },
  async deleteStored(client, rows, _keys, ids, affected) {
    const { rows: deleted } = await client.query<{ at: number; interval_s: number }>(
      `DELETE FROM expert_load e USING ${KEYS} AS k(node_id, gpu, phase, layer, expert, ts)
        WHERE e.node_id = k.node_id AND e.gpu = k.gpu AND e.phase = k.phase AND e.layer = k.layer
          AND e.expert = k.expert AND e.ts = k.ts RETURNING extract(epoch FROM e.ts)::float8 * 1000 AS at, e.interval_s`,
      keyArrays(rows, ids),
    );
    for (const d of deleted) markExpertHours(affected, d.at, d.interval_s);
    return deleted.length;
  },
  markHours(rows, _ids, affected) {
    for (const r of rows) markExpertHours(affected, r.ts, r.intervalS);
  },
  rollup(rows, ids, rollups) {
    for (const r of rows) {
      rollups.addExpertLoad({
        ts: r.ts, intervalS: r.intervalS, phase: r.phase, layer: r.layer, expert: r.expert, nodeId: ids.node(r.node), gpu: r.gpu, tokens: r.tokens,
      });
    }
  },
};
