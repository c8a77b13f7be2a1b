import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { ingestStream, type FileSummary, type IngestOptions } from './ingest';

/** Query parameters of an ingest upload (the body is the file itself). */
export const IngestQuery = z.object({
  file: z.string().trim().min(1).max(500).default('upload'),
  replace: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  trace_start: z.iso.datetime({ offset: true }).optional(),
  /** The time of a Prometheus scrape whose samples carry no timestamp. */
  scrape_time: z.iso.datetime({ offset: true }).optional(),
});
export type IngestQuery = z.output<typeof IngestQuery>;

function bodyLength(request: Request): number | undefined {
  const length = Number(request.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Streams an HTTP request body into the ingest: never buffered whole, `Content-Encoding: gzip`
 * undone here (a gzip file inside is then recognised by its content like on the CLI).
 */
export async function ingestRequestBody(
  db: Db,
  request: Request,
  query: IngestQuery,
  channel: IngestOptions['channel'],
): Promise<FileSummary> {
  if (!request.body) throw new BadRequest('The request has no body: send the file as the body.');
  const encoding = (request.headers.get('content-encoding') ?? 'identity').toLowerCase();
  if (!['identity', 'gzip'].includes(encoding)) throw new BadRequest(`Content-Encoding ${encoding} is not supported (use gzip or none).`);
  const body = Readable.fromWeb(request.body as NodeWebStream<Uint8Array>);
  const input = encoding === 'gzip' ? body.pipe(createGunzip()) : body;
  return ingestStream(db, input, {
    fileName: query.file,
    channel,
    replace: query.replace,
    traceStart: query.trace_start ? Date.parse(query.trace_start) : undefined,
    scrapeTime: query.scrape_time ? Date.parse(query.scrape_time) : undefined,
    // The ingest counts the bytes it is given: the body's length only when nothing inflates it.
    totalBytes: encoding === 'identity' ? bodyLength(request) : undefined,
  });
}
