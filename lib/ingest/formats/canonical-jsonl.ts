/** Canonical JSONL: one object per line with a `type` naming its record; types may be mixed. */
import type { FieldSource } from '@/lib/ingest/field-reader';
import { FieldIssue } from '@/lib/ingest/field-reader';
import type { FormatParser, ParseOptions, ParseOutput } from '@/lib/ingest/format';
import { isBlank, lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import { RECORD_TYPES, type RecordType } from '@/lib/ingest/records';
import { RecordValidator } from '@/lib/ingest/validate';

const isRecordType = (value: unknown): value is RecordType => RECORD_TYPES.includes(value as RecordType);

/** Parses a line as a JSON object, or says why it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `invalid JSON: ${(e as Error).message}`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return `not a JSON object: ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`;
}

class JsonSource implements FieldSource {
  readonly textual = false;
  object: Record<string, unknown> = {};
  get(name: string): unknown {
    return this.object[name];
  }
}

class CanonicalJsonlHandler implements LineHandler {
  private readonly validator: RecordValidator;
  private readonly source = new JsonSource();

  constructor(options: ParseOptions) {
    this.validator = new RecordValidator({ now: options.now });
  }

  line(text: string, lineNo: number, out: ParseOutput): boolean {
    const object = parseJsonObject(text);
    if (typeof object === 'string') {
      out.errors.push(lineError(lineNo, null, object, text));
      return true;
    }
    const type = object.type;
    if (!isRecordType(type)) {
      const problem = type === undefined || type === null ? 'is required' : `must be one of ${RECORD_TYPES.join(', ')}; got ${JSON.stringify(type)}`;
      out.errors.push(lineError(lineNo, 'type', `type ${problem}`, text));
      return true;
    }
    this.source.object = object;
    const result = this.validator.read(type, this.source);
    if (result instanceof FieldIssue) out.errors.push(lineError(lineNo, result.field, result.message, text));
    else out.records.push(result);
    return true;
  }
}

const TYPE_PATTERN = /"type"\s*:\s*"(request|gpu_sample|node_event|expert_load)"/;

export const canonicalJsonl: FormatParser = {
  name: 'jsonl',
  description: 'canonical JSONL: one object per line with "type" request, gpu_sample, node_event or expert_load',
  detect(head) {
    // The first line that is a JSON object decides; a long first line may be cut off in the head.
    for (const line of head.replace(/^\uFEFF/, '').split('\n', 20)) {
      if (isBlank(line)) continue;
      const object = parseJsonObject(line);
      if (typeof object !== 'string') return isRecordType(object.type);
      if (line.trimStart().startsWith('{') && TYPE_PATTERN.test(line)) return true;
    }
    return false;
  },
  create: (options) => lineRecordParser(new CanonicalJsonlHandler(options), options),
};
