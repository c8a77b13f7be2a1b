import { formatNamed } from '@/lib/ingest/formats';
import type { MissingField } from '@/lib/ingest/format';
import type { WindowInput } from '@/lib/metrics/queries/getWindowInputs';

/** A measurement no input of a window carries, and the formats that fed the window. */
export interface MissingInput {
  field: MissingField;
  formats: string[];
}

/** The measurements that no input of the window carries: every format that fed it lacks them. */
export function missingFields(inputs: WindowInput[]): MissingInput[] {
  const formats = inputs.flatMap((i) => i.formats);
  if (!formats.length) return [];
  const fields = new Set<MissingField>(formatNamed(formats[0])?.lacks ?? []);
  for (const f of formats.slice(1)) for (const field of [...fields]) if (!formatNamed(f)?.lacks?.includes(field)) fields.delete(field);
  return [...fields].map((field) => ({ field, formats }));
}

export const lacksCache = (missing: MissingInput[] | undefined) => Boolean(missing?.some((m) => m.field === 'cache'));
