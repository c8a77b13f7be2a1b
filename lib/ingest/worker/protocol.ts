import type { IngestChannel } from '@/lib/db/ingest/jobs';
import type { FileSummary } from '../ingest';

/** What an upload's ingest needs that can cross to the ingest thread (no functions, no streams). */
export interface UploadOptions {
  fileName: string;
  channel: IngestChannel;
  replace?: boolean;
  traceStart?: number;
  scrapeTime?: number;
  totalBytes?: number;
  /** Meter a gzip file inside the body against the inflate limits (a body not gzip-encoded in transit). */
  meterInflation: boolean;
}

/** From the request's thread to the ingest thread. */
export type ToIngestThread =
  | { type: 'start'; id: number; databaseUrl: string; options: UploadOptions }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number; message: string }
  | { type: 'cancel'; id: number };

/** From the ingest thread back. */
export type FromIngestThread =
  | { type: 'pull'; id: number }
  | { type: 'destroy'; id: number }
  | { type: 'job'; id: number; jobId: string }
  | { type: 'done'; id: number; summary: FileSummary; inflateExceeded?: string }
  | { type: 'failed'; id: number; message: string };
