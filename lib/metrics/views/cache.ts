import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, MetricsReader, RequestStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { byStep, figure, ratio, stepSeries, sumOf, viewFrame, viewSteps } from './common';
import { onlyNodes, tokensByStep, windowTokens } from './fleetTokens';
import type { Series, View, ViewQuery } from './types';

export interface CacheData {
  counters: CounterStep[];
  requests: RequestStep[];
  intervals: NodeInterval[];
}

const name = (v: string | null) => v ?? '(none)';

/** Cache-hit ratio = cached input tokens ÷ input tokens: over time, and by model and source (weighted requests). */
export function buildCache(data: CacheData, q: ViewQuery, steps: Steps): View {
  const tokens = windowTokens(data.counters, data.requests, onlyNodes(data.intervals, q.nodes), steps, q.model, q.dataThrough);
  const perStep = tokensByStep(tokens.source, data.counters, data.requests, steps);
  const groups = new Map<string, RequestStep[]>();
  for (const r of data.requests) {
    const key = `${name(r.model)} / ${name(r.source)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const keys = [...groups.keys()].sort();
  const bySeries: Series[] = keys.map((key) => {
    const steps_ = byStep(groups.get(key) ?? [], steps);
    return stepSeries(steps, key, key, (i) => ratio(sumOf(steps_[i], (r) => r.cachedTokens), sumOf(steps_[i], (r) => r.inputTokens)));
  });
  const f = (value: number | null) => figure(value, tokens.source, tokens.coverage);
  return {
    ...viewFrame('cache', q),
    figures: {
      'tokens.cacheHitRatio': f(ratio(tokens.cachedTokens, tokens.inputTokens)),
      'tokens.cached': f(tokens.cachedTokens),
      'tokens.input': f(tokens.inputTokens),
    },
    charts: [
      { id: 'hit-ratio', title: `Cache-hit ratio (${tokens.source})`, unit: 'ratio', x: 'time', kind: 'line', series: [stepSeries(steps, 'fleet', 'Fleet', (i) => ratio(perStep[i].cached, perStep[i].input))] },
      { id: 'hit-ratio-by-model-source', title: 'Cache-hit ratio by model and source (requests)', unit: 'ratio', x: 'time', kind: 'line', series: bySeries },
    ],
    tables: [{
      id: 'by-model-source',
      title: 'By model and source (weighted requests)',
      columns: [{ key: 'model', label: 'Model' }, { key: 'source', label: 'Source' }, { key: 'requests', label: 'Requests' }, { key: 'input', label: 'Input tokens' }, { key: 'cached', label: 'Cached tokens' }, { key: 'hitRatio', label: 'Hit ratio', unit: 'ratio' }],
      rows: keys.map((key) => {
        const rows = groups.get(key) ?? [];
        const input = sumOf(rows, (r) => r.inputTokens);
        const cached = sumOf(rows, (r) => r.cachedTokens);
        return { model: name(rows[0].model), source: name(rows[0].source), requests: sumOf(rows, (r) => r.requests), input, cached, hitRatio: ratio(cached, input) };
      }),
    }],
    notes: [],
  };
}

export async function cacheView(reader: MetricsReader, q: ViewQuery): Promise<View> {
  const steps = viewSteps(q);
  const filter = { nodes: q.nodes, model: q.model };
  const [counters, requests, intervals] = await Promise.all([reader.counters(steps, filter), reader.requests(steps, filter), reader.nodeIntervals(q.window)]);
  return buildCache({ counters, requests, intervals }, q, steps);
}
