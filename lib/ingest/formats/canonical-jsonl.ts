/** Canonical JSONL: one object per line with a `type` naming its record; types may be mixed. */
import { FieldIssue } from '@/lib/ingest/field-reader';
import { FIELD, FieldSlots } from '@/lib/ingest/fields';
import type { FormatParser, ParseOptions, ParseOutput } from '@/lib/ingest/format';
import { invalidJsonField, parseJsonObject } from '@/lib/ingest/json-line';
import { isBlank, lineError, lineRecordParser, type LineHandler } from '@/lib/ingest/line-parser';
import { RECORD_TYPES, type RecordType } from '@/lib/ingest/records';
import { RecordValidator } from '@/lib/ingest/validate';

const isRecordType = (value: unknown): value is RecordType => RECORD_TYPES.includes(value as RecordType);

class CanonicalJsonlHandler implements LineHandler {
  private readonly validator: RecordValidator;
  private readonly slots = new FieldSlots(false);

  constructor(options: ParseOptions) {
    this.validator = new RecordValidator({ now: options.now });
  }

  line(text: string, lineNo: number, out: ParseOutput): boolean {
    const object = parseJsonObject(text);
    if (typeof object === 'string') {
      out.errors.push(lineError(lineNo, invalidJsonField(text), object, text));
      return true;
    }
    const type = this.slots.assign(object).values[FIELD.type];
    if (!isRecordType(type)) {
      const reason = type === undefined || type === null ? 'is required' : `must be one of ${RECORD_TYPES.join(', ')}; got ${JSON.stringify(type)}`;
      out.errors.push(lineError(lineNo, 'type', `type ${reason}`, text));
      return true;
    }
    const result = this.validator.read(type, this.slots);
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
