import type { Metadata } from 'next';
import { getDb } from '@/lib/db/client';
import { listJobs } from '@/lib/db/ingest/listJobs';
import { DemoBanner } from './demo-banner';
import { UploadPanel } from './upload-panel';

export const metadata: Metadata = { title: 'Upload' };
export const dynamic = 'force-dynamic';

export default async function UploadPage() {
  const jobs = await listJobs(await getDb(), 50);
  return (
    <>
      <header className="page-header">
        <h1>Upload</h1>
        <p className="subtitle">
          Telemetry files (canonical JSONL or CSV, gzip or plain, and the importers listed in docs/formats.md). Each file
          streams to the server; bad lines are rejected one by one with their reason and the good lines are kept.
        </p>
      </header>
      <DemoBanner />
      <UploadPanel initialJobs={jobs} />
    </>
  );
}
