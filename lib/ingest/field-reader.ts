/**
 * Reads and checks one field at a time from a parsed line's slots, keeping the first problem
 * found. Hand-written rather than zod: a zod 4 object schema of the request record alone ran
 * at ~1M objects/s here, before timestamp parsing, which would halve the parse rate on top of
 * JSON parsing; these checks cost a small fraction of that.
 */
import { FIELD_NAMES, type FieldSlots } from '@/lib/ingest/fields';
import { formatInstant, parseInstant, type ZoneRule } from '@/lib/ingest/instant';

/** Why a line was rejected, naming the field as the input names it. */
export class FieldIssue {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

export interface ReaderOptions {
  /** Epoch ms; instants more than one day after it are rejected. */
  now: number;
  /** Input names of canonical fields, for importers whose columns are named otherwise. */
  labels?: Readonly<Record<string, string>>;
  /** How to read an instant without a zone (canonical input requires one). */
  zone?: ZoneRule;
}

export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
const ONE_DAY_MS = 86_400_000;
const MAX_TEXT_LENGTH = 256;

/** Shows a rejected value in a message, shortened. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** Number(text), refusing what Number accepts but a data file should not: '', ' ', '0x1f'. */
export function numberFromText(text: string): number {
  if (text.length <= 15) {
    // Fast path for the usual plain integer.
    let n = 0;
    let i = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      n = n * 10 + c - DIGIT_0;
    }
    if (i === text.length && i > 0) return n;
  }
  const n = Number(text);
  return n === parseFloat(text) ? n : NaN;
}

/**
 * Fields are named by their slot (FIELD.input_tokens); messages use the name the input uses.
 * On failure a required field reads as a placeholder of its type: the line is dropped anyway.
 */
export class FieldReader {
  private values: readonly unknown[] = [];
  private textual = false;
  private firstIssue: FieldIssue | null = null;
  private readonly latest: number;
  private readonly labels: Readonly<Record<string, string>>;
  private readonly zone: ZoneRule;

  constructor(options: ReaderOptions) {
    this.latest = options.now + ONE_DAY_MS;
    this.labels = options.labels ?? {};
    this.zone = options.zone ?? 'required';
  }

  /** Starts on the next line. */
  reset(slots: FieldSlots): this {
    this.values = slots.values;
    this.textual = slots.textual;
    this.firstIssue = null;
    return this;
  }

  get issue(): FieldIssue | null {
    return this.firstIssue;
  }

  /** The name of a field as the input calls it. */
  label(slot: number): string {
    const name = FIELD_NAMES[slot];
    return this.labels[name] ?? name;
  }

  /** Records a problem unless an earlier field already had one. */
  fail(slot: number, message: string): void {
    this.firstIssue ??= new FieldIssue(this.label(slot), message);
  }

  /** An integer in [min, max]. */
  integer(slot: number, min: number, max: number, required: true): number;
  integer(slot: number, min: number, max: number, required?: boolean): number | null;
  integer(slot: number, min: number, max: number, required = false): number | null {
    const n = this.number(slot, required);
    if (n === null) return required ? min : null;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    this.fail(slot, `${this.label(slot)} must be an integer ${range}, got ${n}`);
    return required ? min : null;
  }

  /** A token count or other counter: an integer ≥ 0. */
  tokens(slot: number, required: true): number;
  tokens(slot: number, required?: boolean): number | null;
  tokens(slot: number, required = false): number | null {
    return this.integer(slot, 0, Number.MAX_SAFE_INTEGER, required);
  }

  /** A finite number in (min, max] when minExclusive, else [min, max]. */
  real(slot: number, min: number, max: number, minExclusive: boolean, required: true): number;
  real(slot: number, min: number, max: number, minExclusive: boolean, required?: boolean): number | null;
  real(slot: number, min: number, max: number, minExclusive: boolean, required = false): number | null {
    const n = this.number(slot, required);
    if (n === null) return required ? max : null;
    if ((minExclusive ? n > min : n >= min) && n <= max) return n;
    const upper = max === Number.MAX_VALUE ? '' : ` and ≤ ${max}`;
    this.fail(slot, `${this.label(slot)} must be ${minExclusive ? '>' : '≥'} ${min}${upper}, got ${n}`);
    return required ? max : null;
  }

  /** An instant as epoch ms: ISO 8601 text with a zone, or a number of epoch milliseconds. */
  instant(slot: number, required: true): number;
  instant(slot: number, required?: boolean): number | null;
  instant(slot: number, required = false): number | null {
    const raw = this.present(slot, required);
    if (raw === undefined) return required ? EARLIEST_INSTANT : null;
    const ms = this.toInstant(slot, raw);
    if (ms === null) return required ? EARLIEST_INSTANT : null;
    if (ms < EARLIEST_INSTANT) this.fail(slot, `${this.label(slot)} ${formatInstant(ms)} is before 2000-01-01`);
    else if (ms > this.latest) this.fail(slot, `${this.label(slot)} ${formatInstant(ms)} is more than one day in the future`);
    else return ms;
    return required ? EARLIEST_INSTANT : null;
  }

  /** A non-empty string of at most 256 characters (a JSON number is taken as its text). */
  text(slot: number, required: true): string;
  text(slot: number, required?: boolean): string | null;
  text(slot: number, required = false): string | null {
    const raw = this.present(slot, required);
    if (raw === undefined) return required ? '' : null;
    if (typeof raw === 'string' && raw.length <= MAX_TEXT_LENGTH) return raw;
    const s = typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : null;
    if (s === null) this.fail(slot, `${this.label(slot)} must be a string, got ${show(raw)}`);
    else if (s.length > MAX_TEXT_LENGTH) this.fail(slot, `${this.label(slot)} is longer than ${MAX_TEXT_LENGTH} characters`);
    else return s;
    return required ? '' : null;
  }

  /** One of a fixed set of strings. */
  choice<T extends string>(slot: number, values: readonly T[], required: true): T;
  choice<T extends string>(slot: number, values: readonly T[], required?: boolean): T | null;
  choice<T extends string>(slot: number, values: readonly T[], required = false): T | null {
    const raw = this.present(slot, required);
    if (raw === undefined) return required ? values[0] : null;
    const found = values.indexOf(raw as T);
    if (found >= 0) return values[found];
    this.fail(slot, `${this.label(slot)} must be one of ${values.join(', ')}; got ${show(raw)}`);
    return required ? values[0] : null;
  }

  private present(slot: number, required: boolean): unknown {
    const raw = this.values[slot];
    if (raw !== undefined && raw !== null && raw !== '') return raw;
    if (required) this.fail(slot, `${this.label(slot)} is required`);
    return undefined;
  }

  /** A finite number, or null when absent or invalid (the problem recorded). */
  private number(slot: number, required: boolean): number | null {
    const raw = this.present(slot, required);
    if (raw === undefined) return null;
    const n = typeof raw === 'number' ? raw : this.textual && typeof raw === 'string' ? numberFromText(raw) : NaN;
    if (Number.isFinite(n)) return n;
    // JSON reads 1e400 as Infinity, which JSON.stringify would show as null.
    const shown = typeof raw === 'number' ? String(raw) : show(raw);
    this.fail(slot, Number.isNaN(n) ? `${this.label(slot)} must be a number, got ${shown}` : `${this.label(slot)} is out of range (not a finite number): ${shown}`);
    return null;
  }

  private toInstant(slot: number, raw: unknown): number | null {
    if (typeof raw === 'number') {
      if (Number.isFinite(raw)) return raw;
    } else if (typeof raw === 'string') {
      const parsed = this.textual && !raw.includes('-', 1) ? numberFromText(raw) : parseInstant(raw, this.zone);
      if (typeof parsed === 'number' && Number.isFinite(parsed)) return parsed;
      if (parsed === 'no-zone') {
        this.fail(slot, `${this.label(slot)} has no time zone: ${show(raw)} (add Z or an offset such as +08:00)`);
        return null;
      }
      if (parsed === 'calendar') {
        this.fail(slot, `${this.label(slot)} is not a valid date and time: ${show(raw)}`);
        return null;
      }
    }
    this.fail(slot, `${this.label(slot)} must be an ISO 8601 timestamp with a zone or epoch milliseconds, got ${show(raw)}`);
    return null;
  }
}
