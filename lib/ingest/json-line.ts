/** A JSONL line as a JSON object. */

/** Parses a line as a JSON object, or says why it is not one. */
export function parseJsonObject(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return `invalid JSON: ${(e as Error).message}`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return `not a JSON object: ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`;
}
