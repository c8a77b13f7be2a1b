/**
 * A PostgreSQL array literal ('{1,2,NULL}') for a bind parameter. node-postgres escapes every
 * element of a JS array one by one, which made rollup upserts a large share of the ingest's
 * CPU; numbers need no escaping, and strings only quotes and backslashes.
 */
export function pgArray(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number' || typeof v === 'bigint') out += String(v);
    else out += `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}
