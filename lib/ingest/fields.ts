/**
 * The field names of the canonical records as files write them, and the slots a parsed line's
 * values are put in: one array indexed by field, filled per line, so validation reads values
 * by a constant index; looking each name up in the parsed object cost more than the checks.
 */
import type { RecordType } from '@/lib/ingest/records';

/** Field names of each record as written in files, required ones first. */
export const RECORD_FIELDS = {
  request: {
    required: ['arrived_at', 'input_tokens', 'output_tokens'],
    optional: [
      'request_id', 'model', 'source', 'prefill_started_at', 'first_token_at', 'finished_at', 'cached_tokens',
      'prefill_node', 'prefill_gpu', 'decode_node', 'decode_gpu', 'status', 'sample_weight',
    ],
  },
  gpu_sample: {
    required: ['ts', 'interval_s', 'node', 'gpu', 'role'],
    optional: [
      'input_tokens', 'cached_tokens', 'output_tokens', 'requests', 'running_requests', 'kv_cache_tokens',
      'kv_cache_capacity', 'dispatch_send_tokens', 'dispatch_recv_tokens', 'util_pct', 'mem_used_bytes', 'power_w',
      'energy_j',
    ],
  },
  node_event: { required: ['ts', 'node', 'state'], optional: ['gpu_type', 'gpu_count', 'model'] },
  expert_load: { required: ['ts', 'interval_s', 'phase', 'layer', 'expert', 'node', 'gpu', 'tokens'], optional: [] },
} as const satisfies Record<RecordType, { required: readonly string[]; optional: readonly string[] }>;

type Fields = (typeof RECORD_FIELDS)[RecordType];
/** Any field of any record, or `type` (the record name of a JSONL line). */
export type FieldName = Fields['required'][number] | Fields['optional'][number] | 'type';

/** Every field name once, `type` first; a field's slot is its position here. */
export const FIELD_NAMES: readonly FieldName[] = [
  ...new Set<FieldName>(['type', ...Object.values(RECORD_FIELDS).flatMap((f) => [...f.required, ...f.optional])]),
];

/** The slot of each field. */
export const FIELD = Object.fromEntries(FIELD_NAMES.map((name, i) => [name, i])) as Readonly<Record<FieldName, number>>;

const SLOT_OF: ReadonlyMap<string, number> = new Map(FIELD_NAMES.map((name, i) => [name, i]));

/** The slot of a field name, or undefined for a name no record has (ignored). */
export const slotOf = (name: string): number | undefined => SLOT_OF.get(name);

/**
 * Copies every field of a parsed JSON object into slots. Generated from FIELD_NAMES so that each
 * field is read by its own property access (`o.arrived_at`): V8 caches those per object shape,
 * where reading `o[name]` through one site for every name is a slow generic lookup.
 */
const copyFields = ((): ((object: object, values: unknown[]) => void) => {
  if (!FIELD_NAMES.every((name) => /^[a-z_]+$/.test(name))) throw new Error('field names must be snake_case identifiers');
  return new Function('o', 'v', FIELD_NAMES.map((name, i) => `v[${i}] = o.${name};`).join('\n')) as (object: object, values: unknown[]) => void;
})();

/** The values of one line by slot; undefined, null and '' mean absent. */
export class FieldSlots {
  readonly values: unknown[] = new Array<unknown>(FIELD_NAMES.length).fill(undefined);

  /** @param textual values are text (CSV cells): numbers and instants are parsed from strings */
  constructor(readonly textual: boolean) {}

  /** Fills every slot from an object keyed by field name; other keys are ignored. */
  assign(object: Readonly<Record<string, unknown>>): this {
    copyFields(object, this.values);
    return this;
  }
}
