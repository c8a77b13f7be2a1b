import type { ExpertLoadRecord } from '@/lib/ingest/records';
import { markExpertHours } from './hours';
import { expertLoadColumns } from './storedColumns';
import type { TableSpec } from './table';
import type { RollupExpertLoad } from './viewRollups';

const COLUMNS = 'ts, interval_s, phase, layer, expert, node_id, gpu, tokens, job_id';
const KEY = 'node_id, gpu, phase, layer, expert, ts';

export const expertLoadTable: TableSpec<ExpertLoadRecord, RollupExpertLoad> = {
  type: 'expert_load',
  table: 'expert_load',
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: () => [],
  copies: [
    {
      table: 'expert_load',
      columns: COLUMNS,
      fields: (out, r, ids, jobId) =>
        out.timestamptz(r.ts).float8(r.intervalS).text(r.phase).int2(r.layer).int2(r.expert).int4(ids.node(r.node))
          .int2(r.gpu).int8(r.tokens).int8(jobId),
    },
  ],
  moveStaged: `
    INSERT INTO expert_load AS e (${COLUMNS})
    SELECT DISTINCT ON (${KEY}) ${COLUMNS} FROM stage_expert_load ORDER BY ${KEY}, ord
    ON CONFLICT DO NOTHING RETURNING ${expertLoadColumns('e')}`,
  deleteStaged: `
    DELETE FROM expert_load e USING (SELECT DISTINCT ${KEY} FROM stage_expert_load) s
     WHERE e.node_id = s.node_id AND e.gpu = s.gpu AND e.phase = s.phase AND e.layer = s.layer
       AND e.expert = s.expert AND e.ts = s.ts
    RETURNING ${expertLoadColumns('e')}`,
  storedTime: (s) => s.ts,
  markHours: (s, affected) => markExpertHours(affected, s.ts, s.intervalS),
  rollup(r, ids, rollups) {
    rollups.addExpertLoad({
      ts: r.ts, intervalS: r.intervalS, phase: r.phase, layer: r.layer, expert: r.expert, nodeId: ids.node(r.node), gpu: r.gpu, tokens: r.tokens,
    });
  },
  rollupStored: (s, rollups) => rollups.addExpertLoad(s),
};
