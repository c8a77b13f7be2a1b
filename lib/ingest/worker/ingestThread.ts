import { parentPort } from 'node:worker_threads';
import { createDb, type Db } from '@/lib/db/client';
import { InflateBudget } from '../inflateBudget';
import { ingestStream } from '../ingest';
import type { ByteSource } from '../read';
import { cancelRun } from '../runningJobs';
import type { FromIngestThread, ToIngestThread, UploadOptions } from './protocol';

// The ingest thread: parses, validates and stores uploads whose bytes the request's thread
// relays, so that the request's thread stays free to answer readers while a large file loads.

if (!parentPort) throw new Error('ingestThread.ts runs as a worker thread (lib/ingest/worker/bootstrap.mjs)');
const port = parentPort;
const send = (message: FromIngestThread) => port.postMessage(message);

type Delivery = { bytes: Uint8Array } | { end: true } | { fail: string };

interface Upload {
  deliver(next: Delivery): void;
  jobId?: bigint;
}

const uploads = new Map<number, Upload>();
const databases = new Map<string, Db>();

function database(url: string): Db {
  let db = databases.get(url);
  if (!db) {
    db = createDb(url);
    databases.set(url, db);
  }
  return db;
}

/** An upload's body, asked of the request's thread one chunk at a time (that is its backpressure). */
function uploadBytes(id: number, budget: InflateBudget | undefined): { source: ByteSource; deliver(next: Delivery): void } {
  let waiting: ((next: Delivery) => void) | undefined;
  let destroyed = false;
  const deliver = (next: Delivery) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(next);
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    while (!destroyed) {
      const next = await new Promise<Delivery>((resolve) => {
        waiting = resolve;
        send({ type: 'pull', id });
      });
      if ('end' in next) return;
      if ('fail' in next) throw new Error(next.fail);
      budget?.addCompressed(next.bytes.byteLength);
      yield Buffer.from(next.bytes.buffer, next.bytes.byteOffset, next.bytes.byteLength);
    }
  }
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    send({ type: 'destroy', id });
    deliver({ end: true });
  };
  return { source: Object.assign(chunks(), { destroy }), deliver };
}

function start(id: number, databaseUrl: string, options: UploadOptions): void {
  const { meterInflation, ...rest } = options;
  const budget = meterInflation ? new InflateBudget() : undefined;
  const { source, deliver } = uploadBytes(id, budget);
  const upload: Upload = { deliver };
  uploads.set(id, upload);
  ingestStream(database(databaseUrl), source, {
    ...rest,
    inflateBudget: budget,
    onJob: (jobId) => {
      upload.jobId = jobId;
      send({ type: 'job', id, jobId: String(jobId) });
    },
  })
    .then((summary) => send({ type: 'done', id, summary, inflateExceeded: budget?.exceeded?.message }))
    .catch((e: Error) => send({ type: 'failed', id, message: e.message }))
    .finally(() => uploads.delete(id));
}

port.on('message', (message: ToIngestThread) => {
  switch (message.type) {
    case 'start':
      return start(message.id, message.databaseUrl, message.options);
    case 'chunk':
      return uploads.get(message.id)?.deliver({ bytes: message.bytes });
    case 'end':
      return uploads.get(message.id)?.deliver({ end: true });
    case 'fail':
      return uploads.get(message.id)?.deliver({ fail: message.message });
    case 'cancel': {
      const jobId = uploads.get(message.id)?.jobId;
      if (jobId !== undefined) void cancelRun(jobId);
      return;
    }
  }
});
