'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { TZDate } from '@date-fns/tz';

export type PickerFilter = 'role' | 'node' | 'model' | 'objective' | 'phase' | 'layer';

const RANGES = ['1h', '24h', '7d', '30d'] as const;
const STEPS = ['', '1m', '5m', '1h', '1d'] as const;
const REFRESH = [['', 'off'], ['30', '30 s'], ['60', '1 min'], ['300', '5 min']] as const;

/** An instant as the value of a datetime-local input on the wall clock of `timeZone`. */
function localInput(ms: number, timeZone: string): string {
  const d = new TZDate(ms, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A datetime-local value read on the wall clock of `timeZone`, as an ISO instant. */
function fromLocalInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(new TZDate(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], timeZone).getTime()).toISOString();
}

/** The from–to inputs, starting at the shown window; keyed by that window and zone, so a new one resets them. */
function CustomRange({ window, timeZone, pressed, onApply }: {
  window: { start: string; end: string };
  timeZone: string;
  pressed: boolean;
  onApply: (from: string, to: string) => void;
}) {
  const [from, setFrom] = useState(() => localInput(Date.parse(window.start), timeZone));
  const [to, setTo] = useState(() => localInput(Date.parse(window.end), timeZone));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    onApply(from, to);
  };
  return (
    <form className="picker-custom" onSubmit={apply}>
      <input type="datetime-local" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
      <span>–</span>
      <input type="datetime-local" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
      <button type="submit" aria-pressed={pressed}>Custom</button>
    </form>
  );
}

/**
 * The time range (last 1 h / 24 h / 7 d / 30 d, or from–to), zone, day start, step, filters and
 * auto-refresh, all kept in the URL so a view can be shared.
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
  const applyCustom = (from: string, to: string) => {
    const zone = params.get('tz') ?? timeZone;
    const [f, t] = [fromLocalInput(from, zone), fromLocalInput(to, zone)];
    if (f && t) go((p) => { p.set('from', f); p.set('to', t); p.delete('range'); });
  };
  const applyForm = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    go((p) => {
      for (const key of ['tz', 'dayStart', 'step', ...filters]) {
        const value = String(data.get(key) ?? '').trim();
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
        <CustomRange
          key={`${window.start}|${window.end}|${timeZone}`}
          window={window}
          timeZone={timeZone}
          pressed={custom}
          onApply={applyCustom}
        />
        <label className="picker-refresh">
          Auto-refresh
          <select value={refresh} onChange={(e) => go((p) => p.set('refresh', e.target.value))} aria-label="Auto-refresh">
            {REFRESH.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </label>
      </div>
      <form className="picker-row" onSubmit={applyForm} key={params.toString()}>
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
      </form>
    </div>
  );
}
