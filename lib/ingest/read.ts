/**
 * The stream adapter around the I/O-free formats: bytes (a file or an HTTP body) in,
 * gunzipped when its bytes say gzip (whatever its name), format detected from the head, and
 * ParseOutput batches out as an async iterable. Reading is pulled by the consumer, so memory
 * stays bounded at any file size.
 */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { InflateBudget } from './inflateBudget';
import { DEFAULT_MAX_LINE_BYTES, FormatError, type FormatParser, type ParseOptions, type ParseOutput } from '@/lib/ingest/format';
import { detectFormat, FORMATS, formatNamed } from '@/lib/ingest/formats';
import { binaryMessage, isBinary } from './binary';

export const HEAD_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Bytes in chunks: a Node Readable (an HTTP body), or a file read into a reused buffer
 * (`fileChunks`). A chunk may be overwritten once the next is asked for: what is kept is copied.
 */
export type ByteSource = AsyncIterable<Buffer | string> & { destroy(): unknown };

export interface ReadOptions extends Partial<ParseOptions> {
  /** A format name from FORMATS, to skip detection. */
  format?: string;
  /** The file's name, as the messages about the whole file name it. */
  fileName?: string;
  /** Loads what a metric format reads with (mapping, stored node roles), once the file is known to be one. */
  metricContext?: () => Promise<Pick<ParseOptions, 'metricMapping' | 'nodeRole'>>;
  /** Limits on what gzip content inflates to (an upload's); none for a local file. */
  inflateBudget?: InflateBudget;
}

export interface ParsedStream {
  readonly format: FormatParser;
  /** Parse results in file order, about one per 64 KiB of text; iterating drives the reading. */
  readonly outputs: AsyncIterable<ParseOutput>;
  /** Bytes read from the input so far, before decompression (for a progress bar). */
  bytesRead(): number;
}

/** Pulls chunks from an async iterator until `want` bytes are held (copies: the source may reuse its buffer) or the input ends. */
async function take(source: AsyncIterator<Buffer>, want: number): Promise<{ chunks: Buffer[]; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  while (bytes < want) {
    const next = await source.next();
    if (next.done) break;
    chunks.push(Buffer.from(next.value));
    bytes += next.value.length;
  }
  return { chunks, bytes };
}

async function* prepend(first: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* copied(source: AsyncIterable<Buffer>, budget?: InflateBudget): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    budget?.addCompressed(chunk.length);
    yield Buffer.from(chunk);
  }
}

function gunzip(source: AsyncIterable<Buffer>, budget?: InflateBudget): AsyncIterator<Buffer> {
  // zlib reads ahead and inflates on another thread: it gets chunks of its own.
  const compressed = Readable.from(copied(source, budget), { objectMode: false });
  const gunzipper = createGunzip({ chunkSize: HEAD_BYTES });
  const inflated = budget ? pipeline(compressed, gunzipper, budget.meter(), () => undefined) : pipeline(compressed, gunzipper, () => undefined);
  return inflated[Symbol.asyncIterator]();
}

const isGzip = (chunks: Buffer[]): boolean => {
  const start = Buffer.concat(chunks).subarray(0, GZIP_MAGIC.length);
  return start.length === GZIP_MAGIC.length && GZIP_MAGIC.every((b, i) => start[i] === b);
};

function unrecognised(): FormatError {
  const known = FORMATS.map((f) => `${f.name} (${f.description})`).join('; ');
  return new FormatError(`unrecognised format: the start of the file matches none of: ${known}`);
}

/** Reads `input` up to its head, picks the format, and returns its parse results as a stream. */
export async function openParsedStream(input: ByteSource, options: ReadOptions = {}): Promise<ParsedStream> {
  let rawBytes = 0;
  const counted = (async function* () {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      rawBytes += bytes.length;
      yield bytes;
    }
  })();
  try {
    const magic = await take(counted, GZIP_MAGIC.length);
    const rest = prepend(magic.chunks, counted);
    const gzipped = isGzip(magic.chunks);
    const text = gzipped ? gunzip(rest, options.inflateBudget) : rest;
    const head = await take(text, HEAD_BYTES).catch(rethrowGzip);
    const headBytes = Buffer.concat(head.chunks).subarray(0, HEAD_BYTES);
    const fileName = options.fileName ?? 'the file';
    if (head.bytes === 0) throw new FormatError(`${fileName} is empty`);
    const format = options.format === undefined ? detectFormat(headBytes.toString('utf8')) : formatNamed(options.format);
    if (isBinary(headBytes, { cut: head.bytes > HEAD_BYTES, strict: !format })) throw new FormatError(binaryMessage(fileName, headBytes, gzipped));
    if (!format) throw options.format === undefined ? unrecognised() : new FormatError(`unknown format ${options.format}`);
    const context = format.metrics && options.metricContext ? await options.metricContext() : {};
    const parser = format.create({
      now: options.now ?? Date.now(),
      maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      traceStart: options.traceStart,
      scrapeTime: options.scrapeTime,
      metricMapping: options.metricMapping,
      ...context,
    });
    const outputs = (async function* () {
      try {
        for (const chunk of head.chunks) yield parser.push(chunk);
        for (let next = await text.next().catch(rethrowGzip); !next.done; next = await text.next().catch(rethrowGzip)) {
          yield parser.push(next.value);
        }
        yield parser.end();
      } finally {
        input.destroy();
      }
    })();
    return { format, outputs, bytesRead: () => rawBytes };
  } catch (e) {
    input.destroy();
    throw e;
  }
}

/** zlib's errors (codes Z_*) mean the gzip data itself is bad: say so. */
function rethrowGzip(e: unknown): never {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) throw new FormatError(`corrupt gzip data: ${(e as Error).message}`);
  throw e;
}
