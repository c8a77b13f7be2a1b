import Link from 'next/link';

/** A version that was never issued (`?version=N` beyond the latest). */
export default function ReportVersionNotFound() {
  return (
    <>
      <header className="page-header">
        <h1>No such version</h1>
      </header>
      <section className="panel" data-testid="not-found">
        <p>This day has no version by that number. A closed day lists its versions on its report page; an open day has none yet.</p>
        <p><Link className="button" href="/reports">Reports</Link></p>
      </section>
    </>
  );
}
