/** Next.js calls register() once when a server starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDb } = await import('./lib/db/client');
  const { failOrphanedUploads } = await import('./lib/ingest/orphanedUploads');
  await getDb()
    .then((db) => failOrphanedUploads(db))
    .then((ids) => ids.length && console.log(`ingest: ${ids.length} upload job(s) left running by a stopped server marked failed (${ids.join(', ')})`))
    .catch((e: Error) => console.error(`ingest: could not check for uploads left running: ${e.message}`));
  const { resumeLiveIngest } = await import('./lib/ingest/live/resume');
  await resumeLiveIngest().catch((e: Error) => console.error(`remote write: could not resume reading the journal: ${e.message}`));
}
