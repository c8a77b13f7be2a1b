'use client';

import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent } from 'react';
import { csrfHeaders } from '@/app/_components/auth/csrf';

interface Effective { effectiveFrom: string; effectiveTo: string | null }
interface PricingFile {
  format: string;
  version: number;
  referenceModel: string;
  billableSources: string[];
  rateCards: ({ gpuType: string; usdPerGpuHour: string } & Effective)[];
  electricityRates: ({ usdPerKwh: string } & Effective)[];
  priceBooks: ({ model: string; usdPerMillionTokens: { cacheHitInput: string; cacheMissInput: string; output: string } } & Effective)[];
  offPeakWindows: ({ from: string; to: string; timeZone: string; discountByModel: Record<string, string> } & Effective)[];
}

type Problem = { path: string; message: string };

async function send(url: string, method: string, body: string): Promise<string | null> {
  const response = await fetch(url, { method, body, headers: { 'content-type': 'application/json', ...csrfHeaders() } });
  if (response.ok) return null;
  const json = (await response.json().catch(() => null)) as { error?: { message?: string; details?: Problem[] } } | null;
  const details = json?.error?.details?.map((d) => `${d.path || '(file)'}: ${d.message}`).join('\n');
  return `${json?.error?.message ?? `failed (${response.status})`}${details ? `\n${details}` : ''}`;
}

export function useSaver() {
  const router = useRouter();
  const [status, setStatus] = useState<{ error: string | null; busy: boolean; saved: boolean }>({ error: null, busy: false, saved: false });
  const run = async (url: string, method: string, body: string) => {
    setStatus({ error: null, busy: true, saved: false });
    const error = await send(url, method, body);
    setStatus({ error, busy: false, saved: !error });
    if (!error) router.refresh();
  };
  return { status, run };
}

export function Status({ status }: { status: { error: string | null; saved: boolean } }) {
  if (status.error) return <p className="error-text" role="alert">{status.error}</p>;
  return status.saved ? <p className="badge ok" role="status">Saved</p> : null;
}

export function DaySettingsForm({ initial }: { initial: { timeZone: string; dayStart: string } }) {
  const [day, setDay] = useState(initial);
  const { status, run } = useSaver();
  return (
    <section className="panel" aria-labelledby="day-settings">
      <h2 id="day-settings">Organisation day</h2>
      <div className="form-grid">
        <label>Time zone (IANA)<input name="timeZone" value={day.timeZone} onChange={(e) => setDay({ ...day, timeZone: e.target.value })} /></label>
        <label>Day starts (HH:MM)<input name="dayStart" value={day.dayStart} onChange={(e) => setDay({ ...day, dayStart: e.target.value })} /></label>
        <button type="button" className="primary" disabled={status.busy} onClick={() => run('/api/settings/day', 'PUT', JSON.stringify(day))}>Save day</button>
      </div>
      <Status status={status} />
    </section>
  );
}

const parseDiscounts = (text: string) =>
  Object.fromEntries(text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
const discountsText = (d: Record<string, string>) => Object.entries(d).map(([m, v]) => `${m}=${v}`).join(', ');
const until = (value: string) => (value.trim() === '' ? null : value.trim());
type Listed = 'rateCards' | 'electricityRates' | 'priceBooks' | 'offPeakWindows';

/** Rate cards, electricity rates, price books, off-peak windows, billable sources and the
 *  reference model, saved together as one audited change; JSON export and import of the same file. */
export function PricingEditor({ initial }: { initial: PricingFile }) {
  const [p, setP] = useState<PricingFile>(initial);
  const { status, run } = useSaver();
  const update = <K extends Listed>(key: K, i: number, row: PricingFile[K][number]) =>
    setP({ ...p, [key]: p[key].map((r, j) => (j === i ? row : r)) });
  const remove = (key: Listed, i: number) => setP({ ...p, [key]: p[key].filter((_, j) => j !== i) });
  // A new row takes effect from the minute it is added.
  const now = () => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) await run('/api/settings/pricing?import=1', 'PUT', await file.text());
    e.target.value = '';
  };
  const dates = (row: Effective, set: (r: Effective) => void) => (
    <>
      <td><input aria-label="effective from" value={row.effectiveFrom} onChange={(e) => set({ ...row, effectiveFrom: e.target.value })} size={24} /></td>
      <td><input aria-label="effective to" value={row.effectiveTo ?? ''} placeholder="open" onChange={(e) => set({ ...row, effectiveTo: until(e.target.value) })} size={24} /></td>
    </>
  );
  return (
    <section className="panel" aria-labelledby="pricing">
      <h2 id="pricing">Pricing</h2>
      <p className="muted">Amounts are exact decimals; instants ISO 8601 with a zone, on whole minutes; an empty “to” is open-ended.</p>
      <h3>GPU rate cards (USD per GPU-hour)</h3>
      <div className="table-scroll"><table className="data">
        <thead><tr><th>GPU type</th><th>USD / GPU-hour</th><th>From</th><th>To</th><th /></tr></thead>
        <tbody>
          {p.rateCards.map((r, i) => (
            <tr key={i}>
              <td><input aria-label="GPU type" value={r.gpuType} onChange={(e) => update('rateCards', i, { ...r, gpuType: e.target.value })} size={8} /></td>
              <td><input aria-label="USD per GPU-hour" value={r.usdPerGpuHour} onChange={(e) => update('rateCards', i, { ...r, usdPerGpuHour: e.target.value })} size={8} /></td>
              {dates(r, (d) => update('rateCards', i, { ...r, ...d }))}
              <td><button type="button" onClick={() => remove('rateCards', i)}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <button type="button" onClick={() => setP({ ...p, rateCards: [...p.rateCards, { gpuType: 'H800', usdPerGpuHour: '2.00', effectiveFrom: now(), effectiveTo: null }] })}>Add rate</button>

      <h3>Electricity rates (USD per kWh, the whole fleet)</h3>
      {p.electricityRates.length ? null : <p className="muted" data-testid="no-electricity-rate">No rate: energy cost shows as unpriced, never as $0.</p>}
      <div className="table-scroll"><table className="data" aria-label="Electricity rates">
        <thead><tr><th>USD / kWh</th><th>From</th><th>To</th><th /></tr></thead>
        <tbody>
          {p.electricityRates.map((r, i) => (
            <tr key={i}>
              <td><input aria-label="USD per kWh" value={r.usdPerKwh} onChange={(e) => update('electricityRates', i, { ...r, usdPerKwh: e.target.value })} size={8} /></td>
              {dates(r, (d) => update('electricityRates', i, { ...r, ...d }))}
              <td><button type="button" onClick={() => remove('electricityRates', i)}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <button type="button" onClick={() => setP({ ...p, electricityRates: [...p.electricityRates, { usdPerKwh: '0.10', effectiveFrom: now(), effectiveTo: null }] })}>Add electricity rate</button>

      <h3>Price books (USD per million tokens)</h3>
      <div className="table-scroll"><table className="data">
        <thead><tr><th>Model</th><th>Cache-hit input</th><th>Cache-miss input</th><th>Output</th><th>From</th><th>To</th><th /></tr></thead>
        <tbody>
          {p.priceBooks.map((b, i) => {
            const price = (key: 'cacheHitInput' | 'cacheMissInput' | 'output') => (
              <td><input aria-label={`${b.model} ${key}`} value={b.usdPerMillionTokens[key]} size={6}
                onChange={(e) => update('priceBooks', i, { ...b, usdPerMillionTokens: { ...b.usdPerMillionTokens, [key]: e.target.value } })} /></td>
            );
            return (
              <tr key={i}>
                <td><input aria-label="model" value={b.model} onChange={(e) => update('priceBooks', i, { ...b, model: e.target.value })} size={12} /></td>
                {price('cacheHitInput')}{price('cacheMissInput')}{price('output')}
                {dates(b, (d) => update('priceBooks', i, { ...b, ...d }))}
                <td><button type="button" onClick={() => remove('priceBooks', i)}>Remove</button></td>
              </tr>
            );
          })}
        </tbody>
      </table></div>
      <button type="button" onClick={() => setP({ ...p, priceBooks: [...p.priceBooks, { model: '', usdPerMillionTokens: { cacheHitInput: '0', cacheMissInput: '0', output: '0' }, effectiveFrom: now(), effectiveTo: null }] })}>Add price book</button>

      <h3>Off-peak windows</h3>
      <div className="table-scroll"><table className="data">
        <thead><tr><th>From</th><th>To</th><th>Zone</th><th>Discount by model (fraction off)</th><th>Effective from</th><th>Effective to</th><th /></tr></thead>
        <tbody>
          {p.offPeakWindows.map((w, i) => (
            <tr key={i}>
              <td><input aria-label="local from" value={w.from} onChange={(e) => update('offPeakWindows', i, { ...w, from: e.target.value })} size={5} /></td>
              <td><input aria-label="local to" value={w.to} onChange={(e) => update('offPeakWindows', i, { ...w, to: e.target.value })} size={5} /></td>
              <td><input aria-label="zone" value={w.timeZone} onChange={(e) => update('offPeakWindows', i, { ...w, timeZone: e.target.value })} size={14} /></td>
              <td><input aria-label="discounts" defaultValue={discountsText(w.discountByModel)} onBlur={(e) => update('offPeakWindows', i, { ...w, discountByModel: parseDiscounts(e.target.value) })} size={30} /></td>
              {dates(w, (d) => update('offPeakWindows', i, { ...w, ...d }))}
              <td><button type="button" onClick={() => remove('offPeakWindows', i)}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <button type="button" onClick={() => setP({ ...p, offPeakWindows: [...p.offPeakWindows, { from: '00:30', to: '08:30', timeZone: 'UTC', discountByModel: {}, effectiveFrom: now(), effectiveTo: null }] })}>Add off-peak window</button>

      <div className="form-grid" style={{ marginTop: 10 }}>
        <label>Billable sources (comma-separated)<input aria-label="billable sources" defaultValue={p.billableSources.join(', ')} onBlur={(e) => setP({ ...p, billableSources: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })} /></label>
        <label>Reference model (theoretical revenue)<input aria-label="reference model" value={p.referenceModel} onChange={(e) => setP({ ...p, referenceModel: e.target.value })} /></label>
        <button type="button" className="primary" disabled={status.busy} onClick={() => run('/api/settings/pricing', 'PUT', JSON.stringify(p))}>Save pricing</button>
      </div>
      <Status status={status} />
      <div className="toolbar" style={{ marginTop: 10 }}>
        <a className="button" href="/api/settings/pricing?download=1" download>Export JSON</a>
        <label className="button">Import JSON<input type="file" accept="application/json,.json" hidden onChange={importFile} data-testid="pricing-import" /></label>
      </div>
    </section>
  );
}
