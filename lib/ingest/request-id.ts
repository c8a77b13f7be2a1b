/**
 * Request ids for requests whose source gives none (public traces): derived from the record's
 * content, so re-ingesting the same file finds the same keys and dedupes.
 */
import { hash } from 'node:crypto';
import type { RequestRecord } from '@/lib/ingest/records';

export type RequestContent = Omit<RequestRecord, 'type' | 'requestId'>;

/** Formats 32 hex digits as a UUID of version 8 (RFC 9562: application-defined). */
function uuidFromHex(hex: string): string {
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Every field of the record, in a fixed order, so the same request read from JSONL or CSV gets one id. */
function canonicalText(r: RequestContent): string {
  return JSON.stringify([
    r.arrivedAt, r.inputTokens, r.outputTokens, r.cachedTokens, r.model, r.source,
    r.prefillStartedAt, r.firstTokenAt, r.finishedAt, r.prefillNode, r.prefillGpu,
    r.decodeNode, r.decodeGpu, r.status, r.sampleWeight,
  ]);
}

/**
 * The id of a request without one: a UUID of the md5 of its content. `occurrence` tells apart
 * identical requests (the k-th identical request at one instant has occurrence k, from 0).
 */
export function deriveRequestId(request: RequestContent, occurrence = 0): string {
  const text = canonicalText(request);
  return uuidFromHex(hash('md5', occurrence === 0 ? text : `${text}#${occurrence}`));
}

/** Entries kept per instant before starting afresh, so a file of one instant cannot exhaust memory. */
const MAX_REMEMBERED = 100_000;

/**
 * Derives ids over one file. Public traces hold byte-identical rows that are distinct requests
 * (the Mooncake conversation trace has two), so identical requests within a run of equal
 * arrival instants are numbered; a file ingested again, or twice in a row, still maps to the
 * same ids because the numbering restarts whenever the arrival instant changes.
 */
export class RequestIdDeriver {
  private instant = NaN;
  private readonly seen = new Map<string, number>();

  derive(request: RequestContent): string {
    if (request.arrivedAt !== this.instant || this.seen.size >= MAX_REMEMBERED) {
      this.instant = request.arrivedAt;
      this.seen.clear();
    }
    const text = canonicalText(request);
    const occurrence = this.seen.get(text) ?? 0;
    this.seen.set(text, occurrence + 1);
    return uuidFromHex(hash('md5', occurrence === 0 ? text : `${text}#${occurrence}`));
  }
}
