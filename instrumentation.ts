/** Next.js calls register() once when a server starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { resumeLiveIngest } = await import('./lib/ingest/live/resume');
  await resumeLiveIngest().catch((e: Error) => console.error(`remote write: could not resume reading the journal: ${e.message}`));
}
