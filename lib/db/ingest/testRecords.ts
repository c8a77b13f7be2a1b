import type { Db } from '@/lib/db/client';
import type { CanonicalRecord, GpuSampleRecord, NodeEventRecord, RecordType, RequestRecord } from '@/lib/ingest/records';
import { createJob, finishJob } from './jobs';
import { BatchWriter, type BatchResult } from './writer';

/**
 * Stores records as one ingest job of one batch, through the writer an ingest uses; returns the
 * job and what it stored. The job is finished as an ingest finishes it, unless `running`.
 */
export async function storeRecords(
  db: Db,
  records: CanonicalRecord[],
  job: { replace?: boolean; fileName?: string; running?: boolean } = {},
): Promise<{ jobId: bigint; result: BatchResult }> {
  const byType = new Map<RecordType, CanonicalRecord[]>();
  for (const r of records) {
    const ofType = byType.get(r.type);
    if (ofType) ofType.push(r);
    else byType.set(r.type, [r]);
  }
  const replace = job.replace ?? false;
  const jobId = await createJob(db, { channel: 'cli', fileName: job.fileName ?? 'test', replace });
  const writer = await BatchWriter.open(db, jobId, replace);
  try {
    const result = await writer.write({ records: byType, errors: [], bytesRead: 0 });
    if (!job.running) await finishJob(db, jobId, { format: null });
    return { jobId, result };
  } finally {
    writer.release();
  }
}

/** Small hand-made records for the storage tests. */
export function request(over: Partial<RequestRecord> & { requestId: string; arrivedAt: number }): RequestRecord {
  return {
    type: 'request', inputTokens: 1000, outputTokens: 100, cachedTokens: 400, model: 'deepseek-r1', source: 'api',
    prefillStartedAt: null, firstTokenAt: null, finishedAt: null, prefillNode: null, prefillGpu: null,
    decodeNode: null, decodeGpu: null, status: null, sampleWeight: 1, ...over,
  };
}

export function gpuSample(over: Partial<GpuSampleRecord> & { ts: number; node: string; gpu: number }): GpuSampleRecord {
  return {
    type: 'gpu_sample', intervalS: 10, role: 'prefill', inputTokens: 700, cachedTokens: 300, outputTokens: 0,
    requests: 2, runningRequests: 4, kvCacheTokens: 1000, kvCacheCapacity: 4000, dispatchSendTokens: null,
    dispatchRecvTokens: null, utilPct: 50, memUsedBytes: null, powerW: 400, energyJ: null, ...over,
  };
}

export function nodeEvent(over: Partial<NodeEventRecord> & { ts: number; node: string }): NodeEventRecord {
  return { type: 'node_event', state: 'prefill', gpuType: 'H800', gpuCount: 8, model: null, ...over };
}
