import { z } from 'zod';
import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { getJobErrors } from '@/lib/db/ingest/listJobs';
import { rowId } from '@/lib/http/params';
import { recordJobDeletion } from '@/lib/ingest/jobAudit';
import { deleteIngestJob, JobRunningElsewhere } from '@/lib/ingest/deleteIngestJob';
import { Conflict } from '@/lib/http/errors';
import { parseParams } from '@/lib/http/parse';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const Params = z.object({ id: rowId });
type Context = { params: Promise<{ id: string }> };

/** The rejected lines of one job (the first 1,000). */
export const GET = route<Context>(async (request, context) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/ingest/jobs/[id]');
  const { id } = await parseParams(context, Params);
  return Response.json({ errors: await getJobErrors(db, id, 1000) });
});

/**
 * Deletes the job and every row it stored; rollups of the hours it touched are rebuilt. A job
 * still ingesting here is stopped first; one ingesting in another process is a 409.
 */
export const DELETE = route<Context>(async (request, context) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'DELETE /api/ingest/jobs/[id]');
  const { id } = await parseParams(context, Params);
  const deleted = await deleteIngestJob(db, id).catch((e: unknown) => {
    throw e instanceof JobRunningElsewhere ? new Conflict(e.message, { jobId: String(e.jobId), pid: e.pid }) : e;
  });
  await recordJobDeletion(db, actorOf(principal), id, deleted);
  return Response.json(deleted);
});
