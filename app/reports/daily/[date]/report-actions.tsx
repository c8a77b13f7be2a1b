'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { csrfHeaders } from '@/app/_components/auth/csrf';

/** What closing freezes, as the person confirming it sees it (and the API checks it still is). */
export interface CloseSummary {
  window: string;
  cost: number;
  theoreticalRevenue: number;
  actualRevenue: number;
  /** The figures as displayed, label → text. */
  shown: [string, string][];
}

interface Props {
  date: string;
  timeZone: string;
  dayStart: string;
  closed: boolean;
  pending: boolean;
  summary: CloseSummary;
  /** Why the day cannot be closed here (another convention than the organisation's, or not over), with where it can be. */
  closeBlock: { message: string; href: string | null } | null;
}

/** Close the day after confirming what is closed, or accept a pending restatement (each issues a stored version). */
export function ReportActions({ date, timeZone, dayStart, closed, pending, summary, closeBlock }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const post = async (action: 'close' | 'restatement') => {
    setBusy(true);
    setError(null);
    const query = new URLSearchParams({ tz: timeZone, dayStart });
    const confirmed = { cost: summary.cost, theoreticalRevenue: summary.theoreticalRevenue, actualRevenue: summary.actualRevenue };
    const response = await fetch(`/api/reports/daily/${date}/${action}?${query}`, {
      method: 'POST',
      headers: { ...csrfHeaders(), ...(action === 'close' ? { 'content-type': 'application/json' } : {}) },
      ...(action === 'close' ? { body: JSON.stringify({ confirmed }) } : {}),
    });
    setBusy(false);
    setConfirming(false);
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `failed (${response.status})`);
      return;
    }
    router.refresh();
  };
  return (
    <>
      {!closed && !closeBlock ? <button type="button" className="primary" disabled={busy || confirming} onClick={() => setConfirming(true)}>Close day…</button> : null}
      {!closed && closeBlock ? (
        <span className="muted" data-testid="close-blocked">
          {closeBlock.message} {closeBlock.href ? <Link href={closeBlock.href}>Open it under the organisation&apos;s day</Link> : null}
        </span>
      ) : null}
      {pending ? <button type="button" className="primary" disabled={busy} onClick={() => post('restatement')}>Accept restatement</button> : null}
      {error ? <span className="error-text" role="alert">{error}</span> : null}
      {confirming ? (
        <section className="panel confirm-close" role="dialog" aria-label={`Close ${date}`} data-testid="close-confirm">
          <h2>Close {date}?</h2>
          <p>{summary.window}. Its figures are frozen as version 1; later changes show as restatements to accept.</p>
          <table className="data">
            <tbody>{summary.shown.map(([label, value]) => <tr key={label}><td>{label}</td><td className="num">{value}</td></tr>)}</tbody>
          </table>
          <p>
            <button type="button" className="primary" disabled={busy} onClick={() => post('close')}>Close {date} with these figures</button>{' '}
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>Cancel</button>
          </p>
        </section>
      ) : null}
    </>
  );
}
