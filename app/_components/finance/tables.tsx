import { kwhText, localClock, NOT_IN_VERSION, numberText, percentText, tokensText, usdText } from '@/lib/report/format';
import type { DailyReport } from '@/lib/report/types';

/** Theoretical − actual revenue, explained by its parts. */
export function RevenueGapTable({ report: r }: { report: DailyReport }) {
  const g = r.revenue.gap;
  const rows: [string, number][] = [
    [`Free traffic (sources other than ${r.revenue.billableSources.join(', ') || 'none'})`, g.freeTraffic],
    ['Models without a price book (unpriced)', g.unpricedModels],
    [`Model prices below ${r.revenue.referenceModel}`, g.modelPrice],
    ['Off-peak discounts', g.offPeakDiscount],
    ['Tokens the sampled requests do not cover', g.uncovered],
  ];
  return (
    <table className="data">
      <tbody>
        {rows.map(([label, amount]) => (
          <tr key={label}><td>{label}</td><td className="num">{usdText(amount)}</td></tr>
        ))}
        <tr><th>Theoretical − actual</th><th className="num" data-testid="gap-total">{usdText(g.total)}</th></tr>
      </tbody>
    </table>
  );
}

export function HourlyTable({ report: r }: { report: DailyReport }) {
  return (
    <table className="data" data-testid="hourly-table">
      <thead>
        <tr>
          <th>Hour ({r.timeZone})</th><th className="num">Nodes</th><th className="num">Cost</th>
          <th className="num">Theoretical</th><th className="num">Actual</th><th className="num">Margin (theor.)</th><th className="num">Margin (actual)</th>
        </tr>
      </thead>
      <tbody>
        {r.hourly.map((h) => (
          <tr key={h.start}>
            <td>{localClock(h.start, r.timeZone)}–{localClock(h.end, r.timeZone)}</td>
            <td className="num">{numberText(h.nodes, 2)}</td>
            <td className="num">{usdText(h.cost)}</td>
            <td className="num">{usdText(h.theoreticalRevenue)}</td>
            <td className="num">{usdText(h.actualRevenue)}</td>
            <td className="num">{percentText(h.theoreticalMargin)}</td>
            <td className="num">{percentText(h.actualMargin)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>Day</th><th className="num">{numberText(r.nodes.avg, 2)}</th><th className="num">{usdText(r.cost.total)}</th>
          <th className="num">{usdText(r.revenue.theoretical)}</th><th className="num">{usdText(r.revenue.actual)}</th>
          <th className="num">{percentText(r.margin.theoretical)}</th><th className="num">{percentText(r.margin.actual)}</th>
        </tr>
      </tfoot>
    </table>
  );
}

/** Breakdowns by node state, and usage and revenue by model and source. */
export function BreakdownTables({ report: r }: { report: DailyReport }) {
  const states = ['prefill', 'decode', 'idle', 'other', 'offline'];
  const cost = r.cost.byState as Record<string, number>;
  return (
    <div className="panel-grid">
      <section className="panel">
        <h2>By node state</h2>
        <table className="data">
          <thead><tr><th>State</th><th className="num">Node-hours</th><th className="num">GPU-hours</th><th className="num">Cost</th></tr></thead>
          <tbody>
            {states.map((s) => (
              <tr key={s}>
                <td>{s}</td><td className="num">{numberText(r.nodes.nodeHoursByState[s] ?? 0, 2)}</td>
                <td className="num">{numberText(r.nodes.gpuHoursByState[s] ?? 0, 2)}</td>
                <td className="num">{s in cost ? usdText(cost[s]) : 'not charged'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>By model and source</h2>
        <table className="data">
          <thead><tr><th>Model</th><th>Source</th><th className="num">Requests</th><th className="num">Input</th><th className="num">Output</th><th className="num">Actual revenue</th></tr></thead>
          <tbody>
            {r.usage.map((u) => (
              <tr key={`${u.model}/${u.source}`}>
                <td>{u.model ?? '(none)'}</td><td>{u.source ?? '(none)'}</td>
                <td className="num">{numberText(u.requests)}</td><td className="num">{tokensText(u.input)}</td><td className="num">{tokensText(u.output)}</td>
                <td className="num">{u.actualRevenue === null ? <span className="badge warn">unpriced</span> : usdText(u.actualRevenue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Weighted request rows (sample_weight); coverage {percentText(r.revenue.coverage.actual)} of the counter tokens.</p>
      </section>
    </div>
  );
}

/** kWh and energy cost per role beside the GPU cost per state, and the day cut at electricity rate changes. */
export function EnergyTables({ report: r }: { report: DailyReport }) {
  const e = r.energy;
  if (!e) {
    return <p className="muted" data-testid="energy-absent">Energy is {NOT_IN_VERSION}: version {r.version} was issued before the report had an energy section.</p>;
  }
  const money = (value: number | null, kwh: number | null) => (value !== null ? usdText(value) : kwh === null ? 'no data' : <span className="badge warn">unpriced</span>);
  const roles = ['prefill', 'decode', 'idle'] as const;
  return (
    <div className="panel-grid">
      <div>
        <table className="data" data-testid="energy-by-role">
          <thead><tr><th>Role</th><th className="num">kWh</th><th className="num">Energy cost</th><th className="num">GPU cost</th></tr></thead>
          <tbody>
            {roles.map((role) => (
              <tr key={role}>
                <td>{role}</td><td className="num">{kwhText(e.byRole[role])}</td>
                <td className="num">{money(e.costByRole[role], e.byRole[role])}</td><td className="num">{usdText(r.cost.byState[role])}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th>Day</th><th className="num">{kwhText(e.kwh)}</th><th className="num">{money(e.cost, e.kwh)}</th><th className="num">{usdText(r.cost.total)}</th></tr>
          </tfoot>
        </table>
        {e.nodesUnmeasured ? <p className="badge warn">{e.nodesUnmeasured} node(s) reported neither power nor energy: their energy is not counted (no data, not 0).</p> : null}
      </div>
      <table className="data" data-testid="energy-periods">
        <thead><tr><th>Electricity rate from ({r.timeZone})</th><th className="num">USD / kWh</th><th className="num">kWh</th><th className="num">Energy cost</th></tr></thead>
        <tbody>
          {e.periods.map((p) => (
            <tr key={p.start}>
              <td>{localClock(p.start, r.timeZone)}–{localClock(p.end, r.timeZone)}</td>
              <td className="num">{p.usdPerKwh ?? 'no rate'}</td><td className="num">{kwhText(p.kwh)}</td><td className="num">{money(p.cost, p.kwh)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
