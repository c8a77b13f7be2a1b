import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from '@/lib/db/client';
import type { FileSummary } from '../ingest';
import type { ByteSource } from '../read';
import { startRun, type RunHandle } from '../runningJobs';
import type { FromIngestThread, ToIngestThread, UploadOptions } from './protocol';

/** What an upload's ingest came to, and the inflate limit a gzip file inside its body crossed. */
export interface UploadOutcome {
  summary: FileSummary;
  inflateExceeded?: string;
}

interface Pending {
  input: ByteSource;
  chunks: AsyncIterator<Buffer | string>;
  resolve(outcome: UploadOutcome): void;
  reject(error: Error): void;
  run?: RunHandle;
  ended?: boolean;
}

const BOOTSTRAP = path.join('lib', 'ingest', 'worker', 'bootstrap.mjs');

/**
 * The thread uploads are ingested on. A 1M-row upload keeps a core busy parsing and encoding
 * for tens of seconds; on the request's thread that is an event loop late by 25 ms (median) to
 * 230 ms at every step of every reader's request. One thread serves every upload of the process.
 */
class IngestThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(entry: string, private readonly onExit: () => void) {
    this.worker = new Worker(entry);
    this.worker.on('message', (message: FromIngestThread) => this.receive(message));
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`the ingest thread stopped (exit code ${code})`)));
    // Idle, it must not keep a process alive (after the listeners, which ref it); busy, it must.
    this.worker.unref();
  }

  ingest(db: Db, input: ByteSource, options: UploadOptions): Promise<UploadOutcome> {
    const id = this.nextId++;
    return new Promise<UploadOutcome>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { input, chunks: input[Symbol.asyncIterator](), resolve, reject });
      this.post({ type: 'start', id, databaseUrl: db.url, options });
    });
  }

  private post(message: ToIngestThread, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: FromIngestThread): void {
    const upload = this.pending.get(message.id);
    if (!upload) return;
    switch (message.type) {
      case 'pull':
        return void this.relay(message.id, upload);
      case 'destroy':
        upload.ended = true;
        upload.input.destroy();
        return;
      case 'job':
        upload.run = startRun(BigInt(message.jobId));
        // A DELETE of the running job, in this thread, stops the ingest over there.
        upload.run.signal.addEventListener('abort', () => this.post({ type: 'cancel', id: message.id }), { once: true });
        return;
      case 'done':
        this.settle(message.id, upload);
        return upload.resolve({ summary: message.summary, inflateExceeded: message.inflateExceeded });
      case 'failed':
        this.settle(message.id, upload);
        return upload.reject(new Error(message.message));
    }
  }

  /** The next chunk of the body, copied into memory of its own so that it can move to the thread. */
  private async relay(id: number, upload: Pending): Promise<void> {
    if (upload.ended) return this.post({ type: 'end', id });
    try {
      const next = await upload.chunks.next();
      if (next.done) return this.post({ type: 'end', id });
      const bytes = typeof next.value === 'string' ? Buffer.from(next.value) : new Uint8Array(next.value);
      this.post({ type: 'chunk', id, bytes }, [bytes.buffer as ArrayBuffer]);
    } catch (e) {
      this.post({ type: 'fail', id, message: (e as Error).message });
    }
  }

  private settle(id: number, upload: Pending): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    upload.run?.stopped();
  }

  private failAll(error: Error): void {
    this.onExit();
    for (const [id, upload] of this.pending) {
      this.settle(id, upload);
      upload.reject(error);
    }
  }
}

const shared = globalThis as unknown as { fleetLedgerIngestThread?: IngestThread };

/**
 * Where uploads are ingested: a thread of their own (the default), or the request's thread with
 * FLEETLEDGER_INGEST_THREAD=request (the load benchmark's baseline), or when the sources the
 * thread loads are not beside the server.
 */
export function ingestThreadEntry(env: Readonly<Record<string, string | undefined>> = process.env, root = process.cwd()): string | null {
  if (env.FLEETLEDGER_INGEST_THREAD === 'request') return null;
  const entry = path.join(root, BOOTSTRAP);
  return existsSync(entry) ? entry : null;
}

/** Ingests an upload on the ingest thread; the summary is the one ingestStream gives. */
export function ingestOffThread(db: Db, input: ByteSource, options: UploadOptions, entry: string): Promise<UploadOutcome> {
  let thread = shared.fleetLedgerIngestThread;
  if (!thread) {
    const started: IngestThread = new IngestThread(entry, () => {
      if (shared.fleetLedgerIngestThread === started) shared.fleetLedgerIngestThread = undefined;
    });
    shared.fleetLedgerIngestThread = thread = started;
  }
  return thread.ingest(db, input, options);
}
