import type { Metadata } from 'next';
import { getDb } from '@/lib/db/client';
import { listJobs } from '@/lib/db/ingest/listJobs';
import { DemoBanner } from './demo-banner';
import { UploadPanel } from './upload-panel';
import { guardPage } from '@/app/_components/auth/access';

export const metadata: Metadata = { title: 'Upload' };
export const dynamic = 'force-dynamic';

export default async function UploadPage() {
  const access = await guardPage('/upload');
  if ('denied' in access) return access.denied;
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
