import { getDb } from '@/lib/db/client';
import { hasUnreadJournal } from '@/lib/db/live/journal';
import { ensureRemoteWriteRunner } from './runner';

/**
 * At a server's start: if the remote-write journal holds bodies not yet read, or a round left
 * half-stored by a previous process, the rounds start now rather than at the next request, so
 * that what was acknowledged is stored even if no sender comes back.
 */
export async function resumeLiveIngest(): Promise<void> {
  const db = await getDb();
  if (await hasUnreadJournal(db.pool)) await ensureRemoteWriteRunner(db);
}
