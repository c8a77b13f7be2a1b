'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

interface Props {
  date: string;
  timeZone: string;
  dayStart: string;
  closed: boolean;
  pending: boolean;
}

/** Close the day, or accept a pending restatement (each issues a stored version). */
export function ReportActions({ date, timeZone, dayStart, closed, pending }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const post = async (action: 'close' | 'restatement') => {
    setBusy(true);
    setError(null);
    const query = new URLSearchParams({ tz: timeZone, dayStart });
    const response = await fetch(`/api/reports/daily/${date}/${action}?${query}`, { method: 'POST' });
    setBusy(false);
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `failed (${response.status})`);
      return;
    }
    router.refresh();
  };
  return (
    <>
      {!closed ? <button type="button" className="primary" disabled={busy} onClick={() => post('close')}>Close day</button> : null}
      {pending ? <button type="button" className="primary" disabled={busy} onClick={() => post('restatement')}>Accept restatement</button> : null}
      {error ? <span className="error-text" role="alert">{error}</span> : null}
    </>
  );
}
