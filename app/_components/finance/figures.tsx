import { kwhText, NOT_IN_VERSION, numberText, percentText, sourceText, tokensText, usdText } from '@/lib/report/format';
import type { DailyReport, EnergyReport } from '@/lib/report/types';

function Stat({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>{value}</div>
      {note ? <div className="stat-note muted">{note}</div> : null}
    </div>
  );
}

/** A money figure of the energy section: "no data" without measurements, "unpriced" without a rate. */
const energyMoney = (e: EnergyReport, value: number | null) => (value !== null ? usdText(value) : e.kwh === null ? 'no data' : 'unpriced');

/** Energy, its cost and GPU + energy cost, or "not in this version" for a version closed before them. */
function EnergyStats({ energy: e }: { energy: EnergyReport | undefined }) {
  if (!e) {
    return (
      <>
        <Stat label="Energy cost" value={NOT_IN_VERSION} testId="energy-cost" note="closed before the report had energy" />
        <Stat label="GPU + energy cost" value={NOT_IN_VERSION} testId="gpu-energy-cost" />
      </>
    );
  }
  const why = e.kwh === null ? 'no GPU reported power or energy' : e.cost === null ? 'no electricity rate in force' : e.unpricedKwh ? `${kwhText(e.unpricedKwh)} unpriced` : `${kwhText(e.kwh)} priced`;
  return (
    <>
      <Stat label="Energy cost" value={energyMoney(e, e.cost)} testId="energy-cost" note={why} />
      <Stat label="GPU + energy cost" value={energyMoney(e, e.gpuAndEnergyCost)} testId="gpu-energy-cost" note={e.gpuAndEnergyCost === null ? 'energy cost unknown' : 'GPU cost + energy cost'} />
      <Stat label="Energy" value={kwhText(e.kwh)} testId="energy-kwh" note={sourceText(e.source, e.coverage)} />
    </>
  );
}

/** The report's key figures, each with where it came from. */
export function ReportFigures({ report: r }: { report: DailyReport }) {
  return (
    <div className="stat-grid">
      <Stat label="GPU cost" value={usdText(r.cost.total)} testId="cost-total" note={r.cost.unpricedGpuHours ? `${numberText(r.cost.unpricedGpuHours, 1)} GPU-h unpriced` : `${numberText(r.nodes.gpuHours, 1)} GPU-h`} />
      <EnergyStats energy={r.energy} />
      <Stat label="Theoretical revenue" value={usdText(r.revenue.theoretical)} testId="revenue-theoretical" note={`${r.revenue.referenceModel} list price · ${r.revenue.source.theoretical}`} />
      <Stat label="Actual revenue" value={usdText(r.revenue.actual)} testId="revenue-actual" note={sourceText(r.revenue.source.actual, r.revenue.coverage.actual)} />
      <Stat label="Theoretical margin" value={percentText(r.margin.theoretical)} testId="margin-theoretical" note="(theoretical revenue − cost) ÷ cost" />
      <Stat label="Actual margin" value={percentText(r.margin.actual)} testId="margin-actual" note="(actual revenue − cost) ÷ cost" />
      <Stat label="Average nodes" value={numberText(r.nodes.avg, 2)} testId="nodes-avg" note={`peak ${r.nodes.peak} · ${r.nodes.source}`} />
      <Stat label="Input tokens" value={tokensText(r.tokens.input)} testId="tokens-input" note={sourceText(r.tokens.source, r.tokens.coverage)} />
      <Stat
        label="Cache-hit ratio" testId="cache-hit-ratio"
        value={r.tokens.cacheHitRatio === null ? 'no data' : percentText(r.tokens.cacheHitRatio, 2)}
        note={r.tokens.cacheHitRatio === null ? (r.tokens.input ? 'the inputs carry no prefix-cache information' : 'no input tokens') : `${tokensText(r.tokens.cached)} cached`}
      />
      <Stat label="Output tokens" value={tokensText(r.tokens.output)} testId="tokens-output" note={r.tokens.source} />
      <Stat label="Prefill tokens/s per node" value={numberText(r.throughput.prefillPerNode)} note={r.throughput.source} />
      <Stat label="Decode tokens/s per node" value={numberText(r.throughput.decodePerNode)} note={r.throughput.source} />
      <Stat label="KV length per output token" value={numberText(r.kv.avgLengthPerOutputToken)} note={sourceText(r.kv.source, r.kv.coverage)} />
      <Stat label="Output speed" value={r.outputSpeed.mean === null ? '—' : `${numberText(r.outputSpeed.mean, 1)} tok/s`} note={`p50 ${numberText(r.outputSpeed.p50, 1)} · p90 ${numberText(r.outputSpeed.p90, 1)}`} />
    </div>
  );
}
