'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { fromLocalText, localText, LOCAL_TEXT_PATTERN } from '@/lib/time/localText';

export type PickerFilter = 'role' | 'node' | 'model' | 'objective' | 'phase' | 'layer';

const RANGES = ['1h', '24h', '7d', '30d'] as const;
const STEPS = ['', '1m', '5m', '1h', '1d'] as const;
const REFRESH = [['', 'off'], ['30', '30 s'], ['60', '1 min'], ['300', '5 min']] as const;

/**
 * The time range (last 1 h / 24 h / 7 d / 30 d, or from–to), zone, day start, step, filters and
 * auto-refresh, all kept in the URL so a view can be shared. One Apply applies everything typed:
 * dates that differ from the shown window become the range, read on the wall clock of the zone
 * in the form (24-hour, year first, whatever the browser's locale).
 */
export function TimeRangePicker({ window, timeZone, dayStart, filters }: {
  window: { start: string; end: string };
  timeZone: string;
  dayStart: string;
  filters: PickerFilter[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const refresh = params.get('refresh') ?? '';
  const custom = params.has('from');
  const shown = { from: localText(Date.parse(window.start), timeZone), to: localText(Date.parse(window.end), timeZone) };
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const seconds = Number(refresh);
    if (!seconds) return;
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [refresh, router]);

  const go = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params.toString());
    change(next);
    for (const [k, v] of [...next.entries()]) if (v === '') next.delete(k);
    router.push(`${pathname}?${next.toString()}`);
  };
  const setRange = (range: string) => go((p) => { p.set('range', range); p.delete('from'); p.delete('to'); });
  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const zone = text('tz') || timeZone;
    let range: { from: string; to: string } | null = null;
    if (text('from') !== shown.from || text('to') !== shown.to) {
      const [from, to] = [fromLocalText(text('from'), zone), fromLocalText(text('to'), zone)];
      if (!from || !to) return setProblem('Dates are YYYY-MM-DD HH:MM (24-hour) on the clock of the zone, and the zone an IANA name such as Asia/Shanghai.');
      if (Date.parse(to) <= Date.parse(from)) return setProblem('"To" must come after "From".');
      range = { from, to };
    }
    setProblem(null);
    go((p) => {
      if (range) {
        p.set('from', range.from);
        p.set('to', range.to);
        p.delete('range');
      }
      for (const key of ['tz', 'dayStart', 'step', ...filters]) {
        const value = text(key);
        p.delete(key);
        if (key === 'node') for (const n of value.split(/[\s,]+/).filter(Boolean)) p.append('node', n);
        else if (value) p.set(key, value);
      }
    });
  };
  const current = custom ? null : (params.get('range') ?? '24h');

  return (
    <div className="picker no-print" data-testid="time-range-picker">
      <div className="picker-row">
        <div className="segmented" role="group" aria-label="Time range">
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={current === r} onClick={() => setRange(r)}>Last {r}</button>
          ))}
        </div>
        <label className="picker-refresh">
          Auto-refresh
          <select value={refresh} onChange={(e) => go((p) => p.set('refresh', e.target.value))} aria-label="Auto-refresh">
            {REFRESH.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </label>
      </div>
      <form className="picker-row" noValidate onSubmit={apply} key={`${params.toString()}|${shown.from}|${shown.to}`}>
        <label>From <input name="from" aria-label="From" defaultValue={shown.from} size={16} pattern={LOCAL_TEXT_PATTERN} placeholder="YYYY-MM-DD HH:MM" /></label>
        <label>To <input name="to" aria-label="To" defaultValue={shown.to} size={16} pattern={LOCAL_TEXT_PATTERN} placeholder="YYYY-MM-DD HH:MM" /></label>
        <label>Zone <input name="tz" defaultValue={params.get('tz') ?? timeZone} size={16} /></label>
        <label>Day starts <input name="dayStart" defaultValue={params.get('dayStart') ?? dayStart} size={5} pattern="\d{2}:\d{2}" /></label>
        <label>Step
          <select name="step" defaultValue={params.get('step') ?? ''}>
            {STEPS.map((s) => <option key={s} value={s}>{s || 'auto'}</option>)}
          </select>
        </label>
        {filters.includes('role') ? (
          <label>Role
            <select name="role" defaultValue={params.get('role') ?? ''}>
              <option value="">all</option><option value="prefill">prefill</option><option value="decode">decode</option>
            </select>
          </label>
        ) : null}
        {filters.includes('objective') ? (
          <label>Objective
            <select name="objective" defaultValue={params.get('objective') ?? ''}>
              <option value="">default</option>
              {['input', 'attention', 'kv', 'running', 'recv'].map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          </label>
        ) : null}
        {filters.includes('phase') ? (
          <label>Phase
            <select name="phase" defaultValue={params.get('phase') ?? ''}>
              <option value="">auto</option><option value="prefill">prefill</option><option value="decode">decode</option>
            </select>
          </label>
        ) : null}
        {filters.includes('layer') ? <label>Layer <input name="layer" defaultValue={params.get('layer') ?? ''} size={3} inputMode="numeric" /></label> : null}
        {filters.includes('node') ? <label>Nodes <input name="node" defaultValue={params.getAll('node').join(' ')} size={14} placeholder="all" /></label> : null}
        {filters.includes('model') ? <label>Model <input name="model" defaultValue={params.get('model') ?? ''} size={12} placeholder="all" /></label> : null}
        <button type="submit">Apply</button>
        {problem ? <span className="picker-problem" role="alert">{problem}</span> : null}
      </form>
    </div>
  );
}
