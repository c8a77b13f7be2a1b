/**
 * Mooncake trace JSONL (kvcache-ai/Mooncake FAST'25 traces): {"timestamp": ms from the trace
 * start, "input_length", "output_length", "hash_ids": [ids of 512-token prefix blocks]}.
 * Cached tokens are what an unbounded prefix cache over the file would hit: the leading run of
 * a request's blocks seen in any earlier request, × 512, capped at the input length.
 */
import { FieldIssue, show } from '@/lib/ingest/field-reader';
import { DEFAULT_TRACE_START, type FormatParser, type ParseOptions, type ParseOutput } from '@/lib/ingest/format';
import { firstLineOf, lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import { FieldSlots } from '@/lib/ingest/fields';
import { invalidJsonField, parseJsonObject } from '@/lib/ingest/json-line';
import { RecordValidator } from '@/lib/ingest/validate';

export const MOONCAKE_BLOCK_TOKENS = 512;

const LABELS = { arrived_at: 'timestamp', input_tokens: 'input_length', output_tokens: 'output_length', cached_tokens: 'hash_ids' };

class MooncakeHandler implements LineHandler {
  private readonly validator: RecordValidator;
  private readonly seenBlocks = new Set<unknown>();
  private readonly traceStart: number;
  private readonly slots = new FieldSlots(false);

  constructor(options: ParseOptions) {
    this.validator = new RecordValidator({ now: options.now, labels: LABELS });
    this.traceStart = options.traceStart ?? DEFAULT_TRACE_START;
  }

  line(text: string, lineNo: number, out: ParseOutput): boolean {
    const object = parseJsonObject(text);
    if (typeof object === 'string') {
      out.errors.push(lineError(lineNo, invalidJsonField(text), object, text));
      return true;
    }
    const result = this.read(object);
    if (result instanceof FieldIssue) out.errors.push(lineError(lineNo, result.field, result.message, text));
    else out.records.push(result);
    return true;
  }

  private read(object: Record<string, unknown>) {
    const { timestamp, hash_ids: blocks } = object;
    if (timestamp === undefined || timestamp === null) return new FieldIssue('timestamp', 'timestamp is required');
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
      return new FieldIssue('timestamp', `timestamp must be a number of milliseconds, got ${show(timestamp)}`);
    }
    if (blocks !== undefined && !Array.isArray(blocks)) return new FieldIssue('hash_ids', `hash_ids must be an array, got ${show(blocks)}`);
    const hashIds: unknown[] = blocks ?? [];
    const input = object.input_length;
    this.slots.assign({
      arrived_at: this.traceStart + timestamp,
      input_tokens: input,
      output_tokens: object.output_length,
      cached_tokens: typeof input === 'number' ? Math.min(this.prefixHitBlocks(hashIds) * MOONCAKE_BLOCK_TOKENS, input) : 0,
    });
    const result = this.validator.read('request', this.slots);
    if (!(result instanceof FieldIssue)) for (const id of hashIds) this.seenBlocks.add(id);
    return result;
  }

  private prefixHitBlocks(hashIds: unknown[]): number {
    let hits = 0;
    while (hits < hashIds.length && this.seenBlocks.has(hashIds[hits])) hits++;
    return hits;
  }
}

export const mooncakeTrace: FormatParser = {
  name: 'mooncake',
  description: 'Mooncake trace JSONL (timestamp ms from traceStart, input_length, output_length, hash_ids of 512-token blocks)',
  relativeTime: true,
  detect(head) {
    const first = firstLineOf(head);
    return first !== null && first.trimStart().startsWith('{') && ['"timestamp"', '"input_length"', '"output_length"'].every((k) => first.includes(k));
  },
  create: (options) => lineRecordParser(new MooncakeHandler(options), options),
};
