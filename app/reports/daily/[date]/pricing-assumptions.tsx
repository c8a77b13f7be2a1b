import { NOT_IN_VERSION } from '@/lib/report/format';
import { localText } from '@/lib/time/localText';
import type { DailyReport, InForce } from '@/lib/report/types';

/** "$2.00": a stored decimal amount with at least cents, never rounded. */
const dollars = (amount: string) => `$${/\.\d\d/.test(amount) ? amount : Number(amount).toFixed(2)}`;
const percentOff = (fraction: string) => `${Number((Number(fraction) * 100).toPrecision(12))}% off`;

/** An entry's span on the report clock; the epoch start of a seeded entry reads "always". */
function inForceText({ from, to }: InForce, timeZone: string): string {
  const start = Date.parse(from) <= 0 ? 'always' : `from ${localText(Date.parse(from), timeZone)}`;
  return to === null ? start : `${start} until ${localText(Date.parse(to), timeZone)}`;
}

/** The pricing the day's figures were computed with: rate cards, price books, off-peak windows, billable sources. */
export function PricingAssumptions({ report: r }: { report: DailyReport }) {
  const p = r.pricing;
  if (!p) return <p className="muted">Pricing assumptions are {NOT_IN_VERSION}: version {r.version} was issued before the report printed them.</p>;
  const when = (entry: InForce) => inForceText(entry, r.timeZone);
  return (
    <div data-testid="pricing-assumptions">
      <p>
        Billable sources: <strong>{p.billableSources.join(', ') || 'none'}</strong> (other sources are free traffic) ·
        theoretical revenue at the <strong>{p.referenceModel}</strong> price book · times on the report clock ({r.timeZone}).
      </p>
      <table className="data">
        <thead><tr><th>GPU rate card</th><th className="num">USD / GPU-hour</th><th>In force</th></tr></thead>
        <tbody>
          {p.gpuRates.map((g) => <tr key={`${g.gpuType}${g.from}`}><td>{g.gpuType}</td><td className="num">{dollars(g.usdPerGpuHour)}</td><td>{when(g)}</td></tr>)}
          {p.gpuRates.length ? null : <tr><td colSpan={3}>none: GPU time is unpriced</td></tr>}
        </tbody>
      </table>
      <table className="data">
        <thead><tr><th>Price book (USD / M tokens)</th><th className="num">Cache-hit input</th><th className="num">Cache-miss input</th><th className="num">Output</th><th>In force</th></tr></thead>
        <tbody>
          {p.priceBooks.map((b) => (
            <tr key={`${b.model}${b.from}`}>
              <td>{b.model}</td><td className="num">{dollars(b.cacheHitInput)}</td><td className="num">{dollars(b.cacheMissInput)}</td><td className="num">{dollars(b.output)}</td><td>{when(b)}</td>
            </tr>
          ))}
          {p.priceBooks.length ? null : <tr><td colSpan={5}>none: tokens are unpriced</td></tr>}
        </tbody>
      </table>
      <table className="data">
        <thead><tr><th>Off-peak window</th><th>Discounts</th><th>In force</th></tr></thead>
        <tbody>
          {p.offPeakWindows.map((w) => (
            <tr key={`${w.localFrom}${w.timeZone}${w.from}`}>
              <td>{w.localFrom}–{w.localTo} {w.timeZone}</td>
              <td>{Object.entries(w.discountByModel).map(([model, d]) => `${model} ${percentOff(d)}`).join(', ')}</td>
              <td>{when(w)}</td>
            </tr>
          ))}
          {p.offPeakWindows.length ? null : <tr><td colSpan={3}>none</td></tr>}
        </tbody>
      </table>
      <table className="data">
        <thead><tr><th>Electricity rate</th><th className="num">USD / kWh</th><th>In force</th></tr></thead>
        <tbody>
          {p.electricityRates.map((e) => <tr key={e.from}><td>fleet</td><td className="num">${e.usdPerKwh}</td><td>{when(e)}</td></tr>)}
          {p.electricityRates.length ? null : <tr><td colSpan={3}>none: energy is unpriced</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
