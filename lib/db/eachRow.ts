import type { ClientBase, QueryResultRow } from 'pg';
import Cursor from 'pg-cursor';

/** Rows fetched per round trip: a few MB of JavaScript objects at most. */
export const ROWS_PER_READ = 10_000;

/**
 * Hands each row of a query to `fn`, fetched through a cursor `rowsPerRead` at a time, and
 * returns how many there were. For reads whose size grows with the data (an hour of a busy
 * fleet's requests is millions of rows), where a query's whole result would be held in memory.
 */
export async function forEachRow<R extends QueryResultRow>(
  client: ClientBase,
  text: string,
  values: unknown[],
  fn: (row: R) => void,
  rowsPerRead = ROWS_PER_READ,
): Promise<number> {
  const cursor = client.query(new Cursor<R>(text, values));
  let count = 0;
  try {
    for (let rows = await cursor.read(rowsPerRead); rows.length; rows = await cursor.read(rowsPerRead)) {
      for (const row of rows) fn(row);
      count += rows.length;
    }
    return count;
  } finally {
    await cursor.close();
  }
}
