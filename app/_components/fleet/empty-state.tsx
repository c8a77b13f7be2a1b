import Link from 'next/link';

/** What a new user sees before any telemetry is loaded: the three ways to load it. */
export function EmptyState() {
  return (
    <section className="panel" aria-labelledby="load-data" data-testid="empty-state">
      <h2 id="load-data">Load data</h2>
      <p>No telemetry is stored yet. The views fill in as soon as it arrives:</p>
      <ol className="steps">
        <li>
          <strong>In the browser:</strong> drop trace files on the <Link href="/upload">Upload</Link> page.
        </li>
        <li>
          <strong>From a shell:</strong> <code>npm run -s ingest -- FILE...</code> prints a summary per file; add <code>--json</code> for a
          machine-readable one. <code>npm run simulate -- --profile small --out small.jsonl</code> writes a small fleet to try.
        </li>
        <li>
          <strong>Over HTTP:</strong> create a token with <code>npm run token:create -- --name collector</code>, then stream a file:
          <pre>
            curl -H &quot;Authorization: Bearer $TOKEN&quot; --data-binary @requests.jsonl.gz \{'\n'}
            {'     '}-H &quot;Content-Encoding: gzip&quot; http://localhost:3000/api/v1/ingest
          </pre>
        </li>
      </ol>
      <p className="muted">
        Formats: canonical JSONL or CSV of <code>request</code>, <code>gpu_sample</code>, <code>node_event</code> and{' '}
        <code>expert_load</code>, plain or gzip, and the importers of <code>docs/formats.md</code>.
      </p>
    </section>
  );
}
