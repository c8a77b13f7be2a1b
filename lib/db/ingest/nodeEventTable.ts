import type { NodeEventRecord } from '@/lib/ingest/records';
import type { TableSpec } from './table';
import { epochMs } from './storedColumns';

const COLUMNS = 'ts, node_id, state, gpu_type, gpu_count, model_id, job_id';

// Node-hours are computed from the events directly (a late event changes history): no rollup.
export const nodeEventTable: TableSpec<NodeEventRecord, { ts: number }> = {
  type: 'node_event',
  table: 'node_event',
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: (r) => [r.model],
  copies: [
    {
      table: 'node_event',
      columns: COLUMNS,
      fields: (out, r, ids, jobId) =>
        out.timestamptz(r.ts).int4(ids.node(r.node)).text(r.state).text(r.gpuType).int2(r.gpuCount)
          .int4(r.model === null ? null : ids.model(r.model)).int8(jobId),
    },
  ],
  moveStaged: `
    INSERT INTO node_event AS e (${COLUMNS})
    SELECT DISTINCT ON (node_id, ts) ${COLUMNS} FROM stage_node_event ORDER BY node_id, ts, ord
    ON CONFLICT DO NOTHING RETURNING ${epochMs(`e.ts`)} AS ts`,
  deleteStaged: `
    DELETE FROM node_event e USING (SELECT DISTINCT node_id, ts FROM stage_node_event) s
     WHERE e.node_id = s.node_id AND e.ts = s.ts
    RETURNING ${epochMs(`e.ts`)} AS ts`,
  storedTime: (s) => s.ts,
  markHours: () => undefined,
};
