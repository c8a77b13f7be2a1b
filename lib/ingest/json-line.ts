/** A JSONL line as a JSON object. */

/** Parses a line as a JSON object, or says why it is not one. */
export function parseJsonObject(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    const literal = nonFiniteLiteral(line);
    return literal ? `${literal.field} must be a finite number, got ${literal.value} (not valid JSON)` : `invalid JSON: ${(e as Error).message}`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return `not a JSON object: ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`;
}

const NON_FINITE = /"([^"\\]{1,64})"\s*:\s*(NaN|-?Infinity)\s*[,}\]]/;

/** A field given a bare NaN or Infinity, which JavaScript writes but JSON does not allow. */
export function nonFiniteLiteral(line: string): { field: string; value: string } | null {
  const match = NON_FINITE.exec(line);
  return match ? { field: match[1], value: match[2] } : null;
}

/** The field a line that is not a JSON object can be blamed on, when there is one. */
export const invalidJsonField = (line: string): string | null => nonFiniteLiteral(line)?.field ?? null;
