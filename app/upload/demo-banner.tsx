'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { csrfHeaders } from '@/app/_components/auth/csrf';

interface DemoDay {
  date: string;
  timeZone: string;
  dayStart: string;
}

type State = { kind: 'hidden' } | { kind: 'loaded'; day: DemoDay; busy: boolean; error?: string };

const reportHref = (d: DemoDay) => `/reports/daily/${d.date}?tz=${encodeURIComponent(d.timeZone)}&dayStart=${d.dayStart}`;

/** Says that demo data is loaded, links its day's report, and removes it in one step (DELETE /api/demo). */
export function DemoBanner() {
  const [state, setState] = useState<State>({ kind: 'hidden' });

  useEffect(() => {
    fetch('/api/demo', { cache: 'no-store' })
      .then((res) => (res.ok ? res.json() : { loaded: false }))
      .then((body: { loaded: boolean; day?: DemoDay }) => setState(body.loaded && body.day ? { kind: 'loaded', day: body.day, busy: false } : { kind: 'hidden' }))
      .catch(() => setState({ kind: 'hidden' }));
  }, []);

  if (state.kind === 'hidden') return null;

  const remove = async () => {
    if (!window.confirm('Remove the demo data (every demo ingest job and the rows it stored)? Your own data stays.')) return;
    setState({ ...state, busy: true, error: undefined });
    const res = await fetch('/api/demo', { method: 'DELETE', headers: csrfHeaders() });
    if (res.ok) {
      window.location.reload(); // the job list below then shows the demo jobs as deleted
      return;
    }
    const body = await res.json().catch(() => null);
    setState({ ...state, busy: false, error: body?.error?.message ?? `HTTP ${res.status}` });
  };

  return (
    <section className="panel" data-testid="demo-banner">
      <p style={{ margin: 0 }}>
        <span className="badge warn">demo</span> Demo data is loaded: DeepSeek&apos;s published day, simulated (see the{' '}
        <Link href={reportHref(state.day)}>daily report for {state.day.date}</Link>, from {state.day.dayStart} {state.day.timeZone}).
        It is tagged demo; remove it in one step, here or with <code>npm run demo -- --remove</code>.{' '}
        <button type="button" onClick={remove} disabled={state.busy}>
          {state.busy ? 'Removing…' : 'Remove demo data'}
        </button>
      </p>
      {state.error && <p style={{ margin: '6px 0 0', color: 'var(--bad)' }}>{state.error}</p>}
    </section>
  );
}
