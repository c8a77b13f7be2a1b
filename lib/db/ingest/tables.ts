import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { expertLoadTable } from './expertLoadTable';
import { gpuSampleTable } from './gpuSampleTable';
import { nodeEventTable } from './nodeEventTable';
import { requestTable } from './requestTable';
import type { TableSpec } from './table';

/** How each canonical record type is stored. */
export const TABLES: Record<RecordType, TableSpec<CanonicalRecord>> = {
  request: requestTable as TableSpec<CanonicalRecord>,
  gpu_sample: gpuSampleTable as TableSpec<CanonicalRecord>,
  node_event: nodeEventTable as TableSpec<CanonicalRecord>,
  expert_load: expertLoadTable as TableSpec<CanonicalRecord>,
};
