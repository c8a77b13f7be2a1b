/**
 * Field encoders for PostgreSQL's COPY text format: tab-separated, `\N` for null, and
 * backslash, tab, newline and carriage return escaped in strings.
 */
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
}

export function copyNumber(value: number | null): string {
  return value === null ? '\\N' : String(value);
}
