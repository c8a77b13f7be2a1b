import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep } from '@/lib/metrics/rows';
import { stepCount, type Steps } from '@/lib/metrics/steps';
import { byStep, quantile, sumOf } from './common';
import { nodeSecondsByStep } from './nodeTime';
import type { ViewQuery } from './types';

export const DAY_MS_FOR_HISTORY = 86_400_000;
/** DeepSeek's published per-node rates (tokens/s): prefill input incl. cache hits, decode output. */
export const DEEPSEEK_RATES = { prefill: 73_700, decode: 14_800 };

export interface ReferenceRates {
  prefill: number;
  decode: number;
  source: 'configured' | 'history' | 'default';
}

/**
 * Reference per-node rates of the capacity check: configured, or the p90 of the hourly per-node
 * rates (prefill input ÷ prefill node-seconds, decode output ÷ decode node-seconds) over the
 * previous 7 days, or DeepSeek's 73.7k / 14.8k without history.
 */
export function referenceRates(counters: CounterStep[], intervals: NodeInterval[], history: Steps, q: Pick<ViewQuery, 'prefillRate' | 'decodeRate'>): ReferenceRates {
  if (q.prefillRate && q.decodeRate) return { prefill: q.prefillRate, decode: q.decodeRate, source: 'configured' };
  const seconds = nodeSecondsByStep(intervals, history);
  const hours = byStep(counters, history);
  const prefill: number[] = [];
  const decode: number[] = [];
  for (let i = 0; i < stepCount(history); i++) {
    const input = sumOf(hours[i], (c) => c.inputTokens);
    const output = sumOf(hours[i], (c) => c.outputTokens);
    if (seconds.prefill[i] > 0 && input > 0) prefill.push(input / seconds.prefill[i]);
    if (seconds.decode[i] > 0 && output > 0) decode.push(output / seconds.decode[i]);
  }
  const p90 = (v: number[]) => quantile(v.sort((a, b) => a - b), 0.9);
  const [hp, hd] = [p90(prefill), p90(decode)];
  if (hp === null || hd === null) return { ...DEEPSEEK_RATES, prefill: q.prefillRate ?? DEEPSEEK_RATES.prefill, decode: q.decodeRate ?? DEEPSEEK_RATES.decode, source: 'default' };
  return { prefill: q.prefillRate ?? hp, decode: q.decodeRate ?? hd, source: 'history' };
}
