import Link from 'next/link';

export default function OverviewPage() {
  return (
    <>
      <header className="page-header">
        <h1>Overview</h1>
        <p className="subtitle">
          Throughput, cache hits, node occupancy, latency and cost of your inference fleet. The views fill in as
          telemetry arrives.
        </p>
      </header>

      <section className="panel" aria-labelledby="load-data">
        <h2 id="load-data">Load data</h2>
        <ol className="steps">
          <li>
            <strong>In the browser:</strong> drop trace files on the <Link href="/upload">Upload</Link> page.
          </li>
          <li>
            <strong>From a shell:</strong> <code>npm run -s ingest -- FILE...</code> prints a summary per file; add{' '}
            <code>--json</code> for a machine-readable one.
          </li>
          <li>
            <strong>Over HTTP:</strong> create a token with <code>npm run token:create -- --name collector</code>, then
            stream a file:
            <pre>
              curl -H &quot;Authorization: Bearer $TOKEN&quot; --data-binary @requests.jsonl.gz \{'\n'}
              {'     '}-H &quot;Content-Encoding: gzip&quot; http://localhost:3000/api/v1/ingest
            </pre>
          </li>
        </ol>
      </section>

      <div className="panel-grid">
        <section className="panel" aria-labelledby="formats">
          <h2 id="formats">Formats</h2>
          <p>
            Canonical JSONL or CSV of the four records (<code>request</code>, <code>gpu_sample</code>,{' '}
            <code>node_event</code>, <code>expert_load</code>), plain or gzip, detected by content. Importers read
            Prometheus scrapes (dcgm-exporter, SGLang, vLLM), OpenTelemetry GenAI spans, Mooncake traces and the Azure
            and BurstGPT CSVs. Every field is described in <code>docs/formats.md</code>.
          </p>
          <p className="muted">Bad lines are rejected with their line number and reason; good lines around them load.</p>
        </section>

        <section className="panel" aria-labelledby="demo">
          <h2 id="demo">Demo data</h2>
          <p>
            An empty embedded database is given a demo data set when FleetLedger starts. On a server named by{' '}
            <code>DATABASE_URL</code>, demo data loads only when asked: <code>npm start -- --demo</code>. Demo data is
            one ingest job, tagged <em>demo</em>; delete that job to remove it.
          </p>
        </section>

        <section className="panel" aria-labelledby="status">
          <h2 id="status">Status</h2>
          <p>
            <a href="/api/health">
              <code>GET /api/health</code>
            </a>{' '}
            answers 200 while the app and its database are up.
          </p>
        </section>
      </div>
    </>
  );
}
