import { kwhText, localClock, NOT_IN_VERSION, numberText, percentText, sourceText, tokensText, usdText } from './format';
import type { DailyReport, EnergyReport } from './types';

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: string[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const unpricedText = (e: EnergyReport) => (e.kwh === null ? 'no data' : 'unpriced');

/** Energy by role and by electricity rate period, or why a version has none. */
function energyBlock(r: DailyReport): string {
  const e = r.energy;
  if (!e) return `Energy is ${NOT_IN_VERSION}: version ${r.version} was issued before the report had an energy section.`;
  const roles = table(['role', 'kWh', 'energy cost'], (['prefill', 'decode', 'idle'] as const).map((role) => [
    role, kwhText(e.byRole[role]), e.costByRole[role] === null ? (e.byRole[role] === null ? 'no data' : 'unpriced') : usdText(e.costByRole[role]),
  ]));
  const periods = table(['from', 'to', 'USD per kWh', 'kWh', 'energy cost'], e.periods.map((p) => [
    p.start, p.end, p.usdPerKwh ?? 'no rate', kwhText(p.kwh), p.cost === null ? (p.kwh === null ? 'no data' : 'unpriced') : usdText(p.cost),
  ]));
  const unmeasured = e.nodesUnmeasured ? `\n\n${e.nodesUnmeasured} node(s) reported neither power nor energy: their energy is not counted (no data, not 0).` : '';
  return `${roles}\n\n${periods}${unmeasured}`;
}

/** The report as Markdown: key figures, the energy section, the gap explained, hourly rows. */
export function reportMarkdown(r: DailyReport): string {
  const e = r.energy;
  const status = r.status === 'closed' ? `closed, version ${r.version}` : 'open (live figures)';
  const figures = table(['figure', 'value', 'source'], [
    ['Average nodes', numberText(r.nodes.avg, 2), sourceText(r.nodes.source, r.nodes.coverage)],
    ['Peak nodes', numberText(r.nodes.peak), sourceText(r.nodes.source, r.nodes.coverage)],
    ['Node-hours', numberText(r.nodes.nodeHours, 2), r.nodes.source],
    ['GPU-hours', numberText(r.nodes.gpuHours, 2), r.nodes.source],
    ['Input tokens', tokensText(r.tokens.input), sourceText(r.tokens.source, r.tokens.coverage)],
    ['Cached input tokens', tokensText(r.tokens.cached), sourceText(r.tokens.source, r.tokens.coverage)],
    ['Output tokens', tokensText(r.tokens.output), sourceText(r.tokens.source, r.tokens.coverage)],
    ['Cache-hit ratio', percentText(r.tokens.cacheHitRatio, 2), r.tokens.source],
    ['Cost (GPU)', usdText(r.cost.total), r.cost.source],
    ['Energy', e ? kwhText(e.kwh) : NOT_IN_VERSION, e ? sourceText(e.source, e.coverage) : ''],
    ['Energy cost', e ? (e.cost === null ? unpricedText(e) : usdText(e.cost)) : NOT_IN_VERSION, e?.unpricedKwh ? `${kwhText(e.unpricedKwh)} unpriced` : ''],
    ['GPU + energy cost', e ? (e.gpuAndEnergyCost === null ? unpricedText(e) : usdText(e.gpuAndEnergyCost)) : NOT_IN_VERSION, ''],
    ['Theoretical revenue', usdText(r.revenue.theoretical), sourceText(r.revenue.source.theoretical, r.revenue.coverage.theoretical)],
    ['Actual revenue', usdText(r.revenue.actual), sourceText(r.revenue.source.actual, r.revenue.coverage.actual)],
    ['Theoretical margin', percentText(r.margin.theoretical), ''],
    ['Actual margin', percentText(r.margin.actual), ''],
    ['Prefill tokens/s per node', numberText(r.throughput.prefillPerNode, 1), r.throughput.source],
    ['Decode tokens/s per node', numberText(r.throughput.decodePerNode, 1), r.throughput.source],
    ['KV-cache length per output token', numberText(r.kv.avgLengthPerOutputToken, 1), sourceText(r.kv.source, r.kv.coverage)],
    ['Output speed (mean, tokens/s)', numberText(r.outputSpeed.mean, 2), sourceText(r.outputSpeed.source, r.outputSpeed.coverage)],
  ]);
  const g = r.revenue.gap;
  const gap = table(['part', 'amount'], [
    ['Free traffic (non-billable sources)', usdText(g.freeTraffic)],
    ['Models without a price book', usdText(g.unpricedModels)],
    [`Model prices below ${r.revenue.referenceModel}`, usdText(g.modelPrice)],
    ['Off-peak discounts', usdText(g.offPeakDiscount)],
    ['Tokens the requests do not cover', usdText(g.uncovered)],
    ['**Theoretical − actual**', `**${usdText(g.total)}**`],
  ]);
  const hours = table(
    ['hour', 'nodes', 'cost', 'theoretical revenue', 'actual revenue'],
    r.hourly.map((h) => [
      `${localClock(h.start, r.timeZone)}–${localClock(h.end, r.timeZone)}`,
      numberText(h.nodes, 2), usdText(h.cost), usdText(h.theoreticalRevenue), usdText(h.actualRevenue),
    ]),
  );
  return [
    `# Daily report ${r.date}`,
    '',
    `${r.window.start} to ${r.window.end} (${r.dayStart} ${r.timeZone}, ${r.window.hours} h) — ${status}`,
    '',
    figures,
    '',
    '## Energy',
    '',
    energyBlock(r),
    '',
    '## Why actual revenue is below theoretical',
    '',
    gap,
    '',
    '## Hourly',
    '',
    hours,
    '',
  ].join('\n');
}
