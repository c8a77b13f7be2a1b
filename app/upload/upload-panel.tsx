'use client';

import Link from 'next/link';
import { useCallback, useRef, useState, type DragEvent } from 'react';
import type { JobView } from '@/lib/db/ingest/listJobs';
import { csvDataUrl } from '@/lib/csv/writeCsv';
import { DEFAULT_TRACE_START } from '@/lib/ingest/format';
import { rejectedLinesTable } from '@/lib/ingest/rejectedLinesCsv';
import type { FileSummary } from '@/lib/ingest/ingest';
import { dataRangeHref } from '@/lib/metrics/views/dataRange';
import styles from './upload.module.css';
import { csrfHeaders } from '@/app/_components/auth/csrf';

interface Upload {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: 'queued' | 'uploading' | 'processing' | 'done' | 'failed';
  summary?: FileSummary;
  error?: string;
}

/** Sends one file as the request body, reporting upload progress (fetch cannot, XHR can). */
interface SendOptions {
  replace: boolean;
  /** ISO instant of a Prometheus scrape without timestamps ('' when not given). */
  scrapeTime: string;
  /** ISO instant relative trace timestamps count from ('' for the server's default). */
  traceStart: string;
}

/** An upload option that is an ISO instant, with what it is for. */
function InstantOption({ label, testId, value, onChange, placeholder, children }: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  children: React.ReactNode;
}) {
  return (
    <label>
      {label}{' '}
      <input type="text" value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} aria-label={label} data-testid={testId} size={24} />{' '}
      <span className="muted">{children}</span>
    </label>
  );
}

function uploadUrl(file: File, { replace, scrapeTime, traceStart }: SendOptions): string {
  const query = new URLSearchParams({ file: file.name, replace: replace ? '1' : '0' });
  if (scrapeTime.trim()) query.set('scrape_time', scrapeTime.trim());
  if (traceStart.trim()) query.set('trace_start', traceStart.trim());
  return `/api/ingest?${query}`;
}

function sendFile(file: File, options: SendOptions, onProgress: (sent: number) => void): Promise<{ summary?: FileSummary; error?: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(file, options));
    // A file is sent as bytes: the content type a browser guesses (text/plain, text/csv) is not what the server reads.
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText);
        if (body.files) resolve({ summary: body.files[0] as FileSummary, error: body.files[0].error });
        else resolve({ error: errorText(body.error) ?? `HTTP ${xhr.status}` });
      } catch {
        resolve({ error: `HTTP ${xhr.status}` });
      }
    };
    xhr.onerror = () => resolve({ error: 'the upload failed (network error)' });
    xhr.send(file);
  });
}

/** The error envelope's message, with the field at fault when the request was invalid. */
function errorText(error: { message?: string; details?: { path: string; message: string }[] } | undefined): string | undefined {
  if (!error?.message) return undefined;
  const fields = (error.details ?? []).map((d) => `${d.path}: ${d.message}`).join('; ');
  return fields ? `${error.message} ${fields}` : error.message;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const DEFAULT_TRACE_START_ISO = new Date(DEFAULT_TRACE_START).toISOString();
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function UploadPanel({ initialJobs }: { initialJobs: JobView[] }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [jobs, setJobs] = useState(initialJobs);
  const [replace, setReplace] = useState(false);
  const [scrapeTime, setScrapeTime] = useState('');
  const [traceStart, setTraceStart] = useState(DEFAULT_TRACE_START_ISO);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const queue = useRef(Promise.resolve());

  const refreshJobs = useCallback(async () => {
    const res = await fetch('/api/ingest/jobs?limit=50', { cache: 'no-store' });
    if (res.ok) setJobs((await res.json()).jobs);
  }, []);

  const patch = (key: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const enqueue = (files: FileList | null) => {
    if (!files?.length) return;
    for (const file of Array.from(files)) {
      const key = `${Date.now()}-${Math.random()}`;
      setUploads((list) => [{ key, name: file.name, size: file.size, sent: 0, state: 'queued' }, ...list]);
      // One file at a time: each is a transaction stream on the server.
      queue.current = queue.current.then(async () => {
        patch(key, { state: 'uploading' });
        const result = await sendFile(file, { replace, scrapeTime, traceStart }, (sent) =>
          patch(key, { sent, state: sent >= file.size ? 'processing' : 'uploading' }),
        );
        // The job's outcome: a job that failed part-way (rows stored before the error) failed.
        patch(key, { sent: file.size, state: result.error ? 'failed' : 'done', ...result });
        await refreshJobs();
      });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    enqueue(e.dataTransfer.files);
  };

  const deleteJob = async (job: JobView) => {
    if (!window.confirm(`Delete ingest job ${job.id} (${job.fileName}) and the ${fmt(job.accepted)} rows it stored?`)) return;
    await fetch(`/api/ingest/jobs/${job.id}`, { method: 'DELETE', headers: csrfHeaders() });
    await refreshJobs();
  };

  return (
    <>
      <section className="panel">
        <h2>Files</h2>
        <label
          className={`${styles.drop} ${dragging ? styles.dropActive : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <strong>Drop telemetry files here, or click to choose</strong>
          <span>Canonical JSONL or CSV; Prometheus / OpenMetrics scrapes and query results; OpenTelemetry (OTLP JSON) traces; Mooncake / Azure / BurstGPT traces — plain or .gz</span>
          <input ref={input} type="file" multiple hidden data-testid="file-input" onChange={(e) => {
            enqueue(e.target.files);
            e.target.value = '';
          }} />
        </label>
        <div className={styles.options}>
          <label>
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace rows whose keys
            are already stored (instead of skipping them as duplicates)
          </label>
          <InstantOption label="Scrape time" testId="scrape-time" value={scrapeTime} onChange={setScrapeTime} placeholder="2025-02-27T04:00:00Z">
            for a Prometheus scrape whose samples carry no timestamps (ISO, with Z or an offset)
          </InstantOption>
          <InstantOption label="Trace start" testId="trace-start" value={traceStart} onChange={setTraceStart}>
            where Mooncake and BurstGPT traces begin: their timestamps count from it
          </InstantOption>
        </div>
      </section>

      {uploads.length > 0 && (
        <section className="panel" aria-label="Uploads">
          <h2>This session</h2>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>File</th>
                <th>Progress</th>
                <th className={styles.num}>Accepted</th>
                <th className={styles.num}>Duplicates</th>
                <th className={styles.num}>Rejected</th>
              </tr>
            </thead>
            <tbody>
              {uploads.map((u) => (
                <UploadRow key={u.key} upload={u} />
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section className="panel">
        <h2>Ingest jobs</h2>
        <JobsTable jobs={jobs} onDelete={deleteJob} />
      </section>
    </>
  );
}

function UploadRow({ upload: u }: { upload: Upload }) {
  const pct = u.size ? Math.min(100, (u.sent / u.size) * 100) : 100;
  const s = u.summary;
  return (
    <tr data-testid="upload-row" data-state={u.state}>
      <td>
        <strong>{u.name}</strong> <span className="muted">{mib(u.size)}{s?.format ? ` · ${s.format}` : ''}{s?.jobId ? ` · job ${s.jobId}` : ''}</span>
        {u.error && <div className={styles.fileError} data-testid="upload-error">{u.error}</div>}
        {s?.traceStart && <div className="muted" data-testid="trace-start-used">times counted from the trace start {s.traceStart}</div>}
        {s?.firstTs && s.lastTs && (
          <div>
            <Link href={dataRangeHref(s.firstTs, s.lastTs)} data-testid="data-range">
              View the data: {minute(s.firstTs)} – {minute(s.lastTs)} UTC
            </Link>
          </div>
        )}
        {s && s.errors.length > 0 && (
          <details>
            <summary>{fmt(s.rejected)} rejected lines{s.rejected > s.errors.length ? ` (first ${fmt(s.errors.length)} shown)` : ''}</summary>
            <a className="link-button" href={csvDataUrl(rejectedLinesTable(s))} download={`${s.file}.rejected.csv`} data-testid="rejected-csv">CSV</a>
            <ul className={styles.errors} data-testid="rejected-lines">
              {s.errors.map((e) => (
                <li key={e.line}>line {e.line}{e.field ? `, ${e.field}` : ''}: {e.message}</li>
              ))}
            </ul>
          </details>
        )}
        {s?.notices && s.notices.length > 0 && <NoticeList notices={s.notices} />}
      </td>
      <td style={{ minWidth: 160 }}>
        <div className={styles.progress} role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
          <div className={styles.progressFill} style={{ width: `${pct}%` }} />
        </div>
        <span className={u.state === 'failed' ? 'badge bad' : 'muted'} data-testid="upload-state">{u.state === 'processing' ? 'storing…' : u.state}</span>
      </td>
      <td className={styles.num} data-testid="accepted">{s ? fmt(s.accepted) : '–'}</td>
      <td className={styles.num} data-testid="duplicates">{s ? fmt(s.duplicates) : '–'}</td>
      <td className={styles.num} data-testid="rejected">{s ? fmt(s.rejected) : '–'}</td>
    </tr>
  );
}

const NOTICE_HEADS = { unused_metric: 'not read', unplaced_series: 'not placed', skipped_samples: 'skipped' } as const;

/** A metric file's notices: metrics not read, series not placed (with the reason), samples skipped. */
function NoticeList({ notices }: { notices: NonNullable<FileSummary['notices']> }) {
  const placed = notices.filter((n) => n.kind === 'unplaced_series').reduce((sum, n) => sum + n.series, 0);
  return (
    <details data-testid="notices">
      <summary>
        {fmt(notices.length)} notices{placed ? ` · ${fmt(placed)} series could not be placed` : ''}
      </summary>
      <ul className={styles.errors}>
        {notices.map((n) => (
          <li key={`${n.kind}|${n.metric}|${n.reason}`}>
            {NOTICE_HEADS[n.kind]}: <code>{n.metric}</code> — {n.reason} ({fmt(n.series)} series, {fmt(n.samples)} samples
            {n.example ? <>, e.g. <code>{n.example}</code></> : null})
          </li>
        ))}
      </ul>
    </details>
  );
}

function JobsTable({ jobs, onDelete }: { jobs: JobView[]; onDelete: (job: JobView) => void }) {
  if (!jobs.length) return <p className="muted">No ingest jobs yet. Upload a file above, or use `npm run ingest -- FILE` or POST /api/v1/ingest.</p>;
  const badge = (status: string) => (status === 'done' ? 'ok' : status === 'running' ? '' : status === 'deleted' ? '' : 'bad');
  return (
    <table className={styles.table} data-testid="jobs">
      <thead>
        <tr>
          <th>Job</th>
          <th>File</th>
          <th>Status</th>
          <th>Started</th>
          <th className={styles.num}>Accepted</th>
          <th className={styles.num}>Duplicates</th>
          <th className={styles.num}>Rejected</th>
          <th>Data from – to (UTC)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.id} data-testid="job-row">
            <td>{j.id}</td>
            <td>
              {j.fileName} <span className="muted">{j.format ?? ''} · {j.channel}{j.replace ? ' · replace' : ''}{j.demo && j.channel !== 'demo' ? ' · demo' : ''}</span>
              {j.error && <div className={styles.fileError}>{j.error}</div>}
              {j.notices.length > 0 && <NoticeList notices={j.notices} />}
            </td>
            <td><span className={`badge ${badge(j.status)}`}>{j.status}</span></td>
            <td>{j.createdAt.replace('T', ' ').slice(0, 19)}</td>
            <td className={styles.num}>{fmt(j.accepted)}</td>
            <td className={styles.num}>{fmt(j.duplicates)}</td>
            <td className={styles.num}>{fmt(j.rejected)}</td>
            <td>
              {j.firstTs && j.lastTs ? (
                j.status === 'deleted' ? `${minute(j.firstTs)} – ${minute(j.lastTs)}` : (
                  <Link href={dataRangeHref(j.firstTs, j.lastTs)} data-testid="job-data-range">{minute(j.firstTs)} – {minute(j.lastTs)}</Link>
                )
              ) : '–'}
            </td>
            <td>
              {j.status !== 'deleted' && j.status !== 'running' && (
                <button type="button" className="button" onClick={() => onDelete(j)}>Delete</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
