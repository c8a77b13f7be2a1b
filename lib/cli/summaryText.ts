import type { FileSummary } from '@/lib/ingest/ingest';

const SHOWN_ERRORS = 10;
const SHOWN_NOTICES = 10;

const NOTICE_HEADS = { unused_metric: 'not read', unplaced_series: 'not placed', skipped_samples: 'skipped' } as const;

/** The human-readable summary of one ingested file. */
export function formatSummary(s: FileSummary): string {
  // Refused whole, with no job: one line (a message that names the file says it first).
  if (s.error && !s.jobId) return s.error.startsWith(`${s.file} `) ? s.error : `${s.file}: ERROR ${s.error}`;
  const head =
    `${s.file} (${s.format ?? 'unknown format'}, job ${s.jobId}): ${s.accepted} accepted, ` +
    `${s.duplicates} duplicates skipped, ${s.rejected} rejected` + (s.replaced ? `, ${s.replaced} replaced` : '');
  const lines = [head];
  if (s.error) lines.push(`  ERROR ${s.error}`);
  if (s.firstTs && s.lastTs) lines.push(`  data from ${s.firstTs} to ${s.lastTs}`);
  if (s.traceStart) lines.push(`  times counted from the trace start ${s.traceStart} (--trace-start ISO to change it)`);
  for (const e of s.errors.slice(0, SHOWN_ERRORS)) lines.push(`  line ${e.line}${e.field ? `, ${e.field}` : ''}: ${e.message}`);
  if (s.rejected > SHOWN_ERRORS) lines.push(`  … ${s.rejected - SHOWN_ERRORS} more rejected lines (all stored with job ${s.jobId}; --json lists the first 1000)`);
  const notices = s.notices ?? [];
  for (const n of notices.slice(0, SHOWN_NOTICES)) {
    lines.push(`  ${NOTICE_HEADS[n.kind]}: ${n.metric} (${n.reason}): ${n.series} series, ${n.samples} samples`);
  }
  if (notices.length > SHOWN_NOTICES) lines.push(`  … ${notices.length - SHOWN_NOTICES} more notices (--json lists them all)`);
  return lines.join('\n');
}
