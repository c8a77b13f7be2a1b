/**
 * The SQLSTATE of a database error. Citus reports an error a worker raised during a COPY as an
 * internal error (XX000) carrying the worker's message, so a unique violation there is read from
 * the message; every other error keeps its own code.
 */
export function sqlState(e: unknown): string | undefined {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return undefined;
  if (code === 'XX000' && typeof message === 'string' && message.startsWith('duplicate key value violates unique constraint')) return '23505';
  return code;
}
