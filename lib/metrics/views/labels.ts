/** How a figure is shown: its label and unit (the daily report's names are the keys). */
export interface FigureLabel {
  label: string;
  unit: 'nodes' | 'hours' | 'tokens' | 'ratio' | 'rate' | 'usd' | 'ms' | 'times' | 'count' | 'speed' | 'kwh';
}

export const FIGURE_LABELS: Record<string, FigureLabel> = {
  'nodes.avg': { label: 'Average nodes', unit: 'nodes' },
  'nodes.peak': { label: 'Peak nodes', unit: 'nodes' },
  'nodes.nodeHours': { label: 'Node-hours', unit: 'hours' },
  'nodes.gpuHours': { label: 'GPU-hours', unit: 'hours' },
  'tokens.input': { label: 'Input tokens', unit: 'tokens' },
  'tokens.cached': { label: 'Cached input tokens', unit: 'tokens' },
  'tokens.output': { label: 'Output tokens', unit: 'tokens' },
  'tokens.cacheHitRatio': { label: 'Cache-hit ratio', unit: 'ratio' },
  'throughput.prefillPerNode': { label: 'Prefill tokens/s per node', unit: 'rate' },
  'throughput.decodePerNode': { label: 'Decode tokens/s per node', unit: 'rate' },
  'outputSpeed.mean': { label: 'Output speed', unit: 'speed' },
  'outputSpeed.p50': { label: 'Output speed p50', unit: 'speed' },
  'outputSpeed.p90': { label: 'Output speed p90', unit: 'speed' },
  'outputSpeed.p99': { label: 'Output speed p99', unit: 'speed' },
  'ttftMs.mean': { label: 'TTFT', unit: 'ms' },
  'ttftMs.p50': { label: 'TTFT p50', unit: 'ms' },
  'ttftMs.p90': { label: 'TTFT p90', unit: 'ms' },
  'ttftMs.p99': { label: 'TTFT p99', unit: 'ms' },
  'kv.avgLengthPerOutputToken': { label: 'KV length per output token', unit: 'tokens' },
  'kv.p50': { label: 'KV length p50', unit: 'tokens' },
  'kv.p90': { label: 'KV length p90', unit: 'tokens' },
  'kv.p99': { label: 'KV length p99', unit: 'tokens' },
  'kvUsage.fleet': { label: 'Decode KV usage', unit: 'ratio' },
  'kvUsage.maxGpu': { label: 'Fullest decode GPU', unit: 'ratio' },
  'cost.total': { label: 'Cost', unit: 'usd' },
  'revenue.theoretical': { label: 'Theoretical revenue', unit: 'usd' },
  'revenue.actual': { label: 'Actual revenue', unit: 'usd' },
  'margin.theoretical': { label: 'Theoretical margin (profit ÷ cost)', unit: 'ratio' },
  'margin.actual': { label: 'Actual margin (profit ÷ cost)', unit: 'ratio' },
  'capacity.nodesNeeded': { label: 'Nodes needed', unit: 'nodes' },
  'capacity.nodesInService': { label: 'Nodes in service', unit: 'nodes' },
  'capacity.prefillRate': { label: 'Prefill reference rate', unit: 'rate' },
  'capacity.decodeRate': { label: 'Decode reference rate', unit: 'rate' },
  'freshness.flaggedNodes': { label: 'Nodes with gaps', unit: 'count' },
  'energy.kwh': { label: 'Energy', unit: 'kwh' },
  'energy.cost': { label: 'Energy cost', unit: 'usd' },
  'imbalance.prefill.input': { label: 'Prefill: input tokens', unit: 'times' },
  'imbalance.prefill.attention': { label: 'Prefill: attention load', unit: 'times' },
  'imbalance.prefill.recv': { label: 'Prefill: dispatch receive', unit: 'times' },
  'imbalance.decode.kv': { label: 'Decode: KV cache', unit: 'times' },
  'imbalance.decode.running': { label: 'Decode: running requests', unit: 'times' },
  'imbalance.decode.recv': { label: 'Decode: dispatch receive', unit: 'times' },
  'experts.layer': { label: 'MoE layer', unit: 'count' },
  'experts.tokens': { label: 'Routed tokens (layer)', unit: 'tokens' },
  'experts.hotShare': { label: 'Hottest expert share', unit: 'ratio' },
  'experts.balancedness.observed': { label: 'Balancedness observed', unit: 'ratio' },
  'experts.balancedness.eplb': { label: 'Balancedness with EPLB', unit: 'ratio' },
  'experts.redundant': { label: 'Redundant slots', unit: 'count' },
};

export const figureLabel = (key: string): FigureLabel => FIGURE_LABELS[key] ?? { label: key, unit: 'count' };

const compact = (v: number) => {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  const unit = units.find(([size]) => Math.abs(v) >= size);
  return unit ? `${(v / unit[0]).toFixed(2)}${unit[1]}` : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
};

/** A figure's value as a card shows it. */
export function figureText(value: number | null, unit: FigureLabel['unit']): string {
  if (value === null) return '—';
  switch (unit) {
    case 'ratio': return `${(value * 100).toFixed(value !== 0 && Math.abs(value) < 0.1 ? 2 : 1)}%`;
    case 'usd': return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
    case 'tokens': return compact(value);
    case 'rate': return `${compact(value)}/s`;
    case 'speed': return `${value.toFixed(1)} tok/s`;
    case 'ms': return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
    case 'times': return `${value.toFixed(3)}×`;
    case 'nodes': return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case 'hours': return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
    case 'kwh': return `${value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 2 : 0 })} kWh`;
    case 'count': return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
}

/**
 * Where a figure came from, in words: its records and what its `coverage` measures there (the
 * share of node time known from node events, or of counter tokens that weighted requests account
 * for), never read as the share of the range that has data.
 */
export function provenanceText(key: string, source: string, coverage: number | null): string {
  const names: Record<string, string> = { counters: 'GPU counters', requests: 'requests', node_events: 'node events', gpu_samples: 'GPU samples', mixed: 'mixed' };
  const name = names[source] ?? source;
  if (coverage === null) return name;
  const share = `${(coverage * 100).toFixed(1)}%`;
  const nodeTime = source === 'node_events' || source === 'gpu_samples' || (source === 'mixed' && /^(nodes|capacity|cost)\./.test(key));
  if (nodeTime) return `${name} · ${share} of node time from events`;
  return source === 'requests' ? `weighted requests (${share} of counter tokens)` : `${name} · requests hold ${share} of their tokens`;
}
