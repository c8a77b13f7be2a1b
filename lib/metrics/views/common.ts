import type { Figure, FigureSource } from '@/lib/metrics/figure';
import { ratio } from '@/lib/metrics/figure';
import type { CounterStep, RequestStep } from '@/lib/metrics/rows';
import { makeSteps, stepCount, type Steps } from '@/lib/metrics/steps';
import type { CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import type { RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import type { Point, Series, View, ViewName, ViewQuery } from './types';

export const figure = (value: number | null, source: FigureSource, coverage: number | null): Figure<number | null> => ({ value, source, coverage });

/** The frame every view answers in. */
export function viewFrame(view: ViewName, q: ViewQuery): Pick<View, 'view' | 'window' | 'step' | 'timeZone' | 'dayStart' | 'filters'> {
  return {
    view,
    window: { start: new Date(q.window.start).toISOString(), end: new Date(q.window.end).toISOString() },
    step: q.step,
    timeZone: q.timeZone,
    dayStart: q.dayStart,
    filters: { role: q.role ?? null, nodes: q.nodes ?? [], model: q.model ?? null },
  };
}

/** The view's steps: the query's step on the local clock of its zone, days from its day start. */
export const viewSteps = (q: ViewQuery): Steps => makeSteps(q.window, q.step, q.timeZone, q.dayStart);

/** One value per step, null where a step has none. */
export function stepSeries(steps: Steps, key: string, label: string, value: (step: number) => number | null): Series {
  const points: Point[] = [];
  for (let i = 0; i < stepCount(steps); i++) points.push({ x: steps.edges[i], y: value(i) });
  return { key, label, points };
}

/** Rows grouped by step index. */
export function byStep<R extends { step: number }>(rows: R[], steps: Steps): R[][] {
  const out: R[][] = Array.from({ length: stepCount(steps) }, () => []);
  for (const r of rows) if (r.step >= 0 && r.step < out.length) out[r.step].push(r);
  return out;
}

export const sumOf = <R>(rows: R[], value: (r: R) => number) => rows.reduce((s, r) => s + value(r), 0);

/** Stepped rows in the shapes lib/metrics/tokens and the daily report read (`at` = step start). */
export const counterTotals = (rows: CounterStep[], steps: Steps): CounterTotals[] => rows.map((r) => ({ ...r, at: steps.edges[r.step] }));
export const requestAggregates = (rows: RequestStep[], steps: Steps): RequestAggregate[] => rows.map((r) => ({ ...r, at: steps.edges[r.step] }));

/** The p-quantile of sorted numbers (nearest rank), null when empty. */
export function quantile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);

export { ratio };
