'use client';

import { useMemo, useState } from 'react';
import { whatIf, type WhatIfBase, type WhatIfInput } from '@/lib/finance/whatIf';
import { percentText, usdText } from '@/lib/report/format';

/** Change the GPU rate, prices, cache-hit ratio or night-time nodes and see the day move. */
export function WhatIfPanel({ base, cacheHitRatio }: { base: WhatIfBase; cacheHitRatio: number }) {
  const observed: WhatIfInput = { usdPerGpuHour: base.usdPerGpuHour, prices: base.prices, cacheHitRatio, nightNodes: null };
  const [input, setInput] = useState<WhatIfInput>(observed);
  const result = useMemo(() => {
    try {
      return whatIf(base, input);
    } catch {
      return null;
    }
  }, [base, input]);
  const before = whatIf(base, observed);
  const price = (key: keyof WhatIfInput['prices'], label: string) => (
    <label>
      {label}
      <input value={input.prices[key]} inputMode="decimal" onChange={(e) => setInput({ ...input, prices: { ...input.prices, [key]: e.target.value } })} />
    </label>
  );
  const rows: [string, number | null, number | null, (v: number | null) => string][] = [
    ['Cost', before.cost, result?.cost ?? null, usdText],
    ['Theoretical revenue', before.theoreticalRevenue, result?.theoreticalRevenue ?? null, usdText],
    ['Actual revenue', before.actualRevenue, result?.actualRevenue ?? null, usdText],
    ['Theoretical margin', before.theoreticalMargin, result?.theoreticalMargin ?? null, (v) => percentText(v)],
    ['Actual margin', before.actualMargin, result?.actualMargin ?? null, (v) => percentText(v)],
  ];
  return (
    <section className="panel no-print" aria-labelledby="what-if">
      <h2 id="what-if">What if</h2>
      <div className="form-grid">
        <label>
          GPU rate (USD / GPU-hour)
          <input value={input.usdPerGpuHour} inputMode="decimal" onChange={(e) => setInput({ ...input, usdPerGpuHour: e.target.value })} data-testid="what-if-rate" />
        </label>
        {price('cacheHitInput', 'Cache-hit input ($/M)')}
        {price('cacheMissInput', 'Cache-miss input ($/M)')}
        {price('output', 'Output ($/M)')}
        <label>
          Cache-hit ratio (%)
          <input type="number" min={0} max={100} step={0.1} value={Math.round(input.cacheHitRatio * 1000) / 10} onChange={(e) => setInput({ ...input, cacheHitRatio: Number(e.target.value) / 100 })} />
        </label>
        <label>
          Nodes in the scaled-down hours
          <input type="number" min={0} placeholder="as observed" value={input.nightNodes ?? ''} onChange={(e) => setInput({ ...input, nightNodes: e.target.value === '' ? null : Number(e.target.value) })} />
        </label>
        <button type="button" onClick={() => setInput(observed)}>Reset</button>
      </div>
      <table className="data" style={{ marginTop: 10 }}>
        <thead><tr><th /><th className="num">Observed</th><th className="num">What if</th></tr></thead>
        <tbody>
          {rows.map(([label, a, b, fmt]) => (
            <tr key={label}><td>{label}</td><td className="num">{fmt(a)}</td><td className="num" data-testid={`what-if-${label}`}>{result ? fmt(b) : 'invalid input'}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Demand stays as observed; actual revenue keeps its share of theoretical (same models, sources and discounts).</p>
    </section>
  );
}
