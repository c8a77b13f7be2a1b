import { z } from 'zod';
import { PHASES, ROLES } from '@/lib/ingest/records';
import { boundedList, instant, text, timeOfDay, timeZone } from '@/lib/http/params';
import { OBJECTIVES } from '@/lib/metrics/rows';
import { defaultStep, STEP_MS, STEP_NAMES } from '@/lib/metrics/steps';
import type { DaySettings } from '@/lib/settings/orgSettings';
import { HOUR_MS, MINUTE_MS, type TimeWindow } from '@/lib/time/window';
import type { ViewQuery } from './types';

/** The relative ranges of the time picker. */
export const RANGES = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS } as const;
export type RangeName = keyof typeof RANGES;

/** GET /api/v1/metrics/<view> and the pages: ?from=&to= | ?range=, &tz=&dayStart=&step=&role=&node=&model=… */
export const MetricsQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  range: z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]]).optional(),
  tz: timeZone.optional(),
  dayStart: timeOfDay.optional(),
  step: z.enum(STEP_NAMES).optional(),
  role: z.enum(ROLES).optional(),
  node: boundedList(text),
  model: text.optional(),
  objective: z.enum(OBJECTIVES).optional(),
  phase: z.enum(PHASES).optional(),
  layer: z.coerce.number().int().min(0).max(1000).optional(),
  prefillRate: z.coerce.number().positive().max(1e9).optional(),
  decodeRate: z.coerce.number().positive().max(1e9).optional(),
}).superRefine((q, ctx) => {
  if (q.from === undefined || q.to === undefined) return;
  if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must come after from' });
  else if (q.step && (q.to - q.from) / STEP_MS[q.step] > MAX_STEPS) {
    ctx.addIssue({ code: 'custom', path: ['step'], message: `a ${q.step} step from ${new Date(q.from).toISOString()} to ${new Date(q.to).toISOString()} makes more than ${MAX_STEPS} points: choose a longer step` });
  }
});
export type MetricsQuery = z.output<typeof MetricsQuery>;

export interface WindowContext {
  org: DaySettings;
  /** The end of the newest data (epoch ms), null when there is none. */
  newest: number | null;
  now: number;
}

const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

/**
 * The window a query asks for, on whole minutes: from/to as given (widened to minutes); else a
 * relative range ending now — or ending with the newest data when that is older than the range,
 * so a dashboard over a past trace shows the trace (the stale-data banner says so).
 */
export function resolveWindow(q: Pick<MetricsQuery, 'from' | 'to' | 'range'>, ctx: WindowContext): TimeWindow {
  const span = RANGES[q.range ?? '24h'];
  if (q.from !== undefined && q.to !== undefined) {
    if (q.to <= q.from) throw new RangeError('to must be after from');
    return { start: floorTo(q.from, MINUTE_MS), end: ceilTo(q.to, MINUTE_MS) };
  }
  if (q.from !== undefined) return { start: floorTo(q.from, MINUTE_MS), end: floorTo(q.from, MINUTE_MS) + span };
  let end = q.to ?? ctx.now;
  if (q.to === undefined && ctx.newest !== null && ctx.newest < end - span) end = ceilTo(ctx.newest, span >= 24 * HOUR_MS ? HOUR_MS : MINUTE_MS);
  end = ceilTo(end, MINUTE_MS);
  return { start: end - span, end };
}

/** Data still arriving lags by a scrape and a settle time; older than this, it has stopped. */
const LIVE_LAG_MS = 10 * MINUTE_MS;

/**
 * The start of the newest minute of data, for a window that reaches the present while data is
 * still arriving (a live range): counters are judged up to there. A window whose data stopped
 * (a past trace, or a fleet that stopped reporting) is judged whole, its gap showing.
 */
function liveDataThrough(window: { start: number; end: number }, ctx: WindowContext): number | undefined {
  if (ctx.newest === null || window.end < ctx.now || ctx.newest < ctx.now - LIVE_LAG_MS) return undefined;
  const through = ctx.newest - MINUTE_MS;
  return through > window.start && through < window.end ? through : undefined;
}

export function toViewQuery(q: MetricsQuery, ctx: WindowContext): ViewQuery {
  const window = resolveWindow(q, ctx);
  const step = q.step ?? defaultStep(window);
  if ((window.end - window.start) / STEP_MS[step] > MAX_STEPS) throw new RangeError(`a ${step} step over this range makes more than ${MAX_STEPS} points: choose a longer step`);
  return {
    window,
    step,
    timeZone: q.tz ?? ctx.org.timeZone,
    dayStart: q.dayStart ?? ctx.org.dayStart,
    role: q.role,
    nodes: q.node.length ? q.node : undefined,
    model: q.model,
    objective: q.objective,
    phase: q.phase,
    layer: q.layer,
    prefillRate: q.prefillRate,
    decodeRate: q.decodeRate,
    dataThrough: liveDataThrough(window, ctx),
  };
}

/**
 * The query with its data span (ViewQuery.dataSpan) from the first and last minute of data
 * (epoch ms, null when there is none), kept inside the window and the one before it.
 */
export function withDataSpan(q: ViewQuery, extent: { first: number | null; last: number | null }): ViewQuery {
  const { window } = q;
  const start = extent.first === null ? window.end : Math.max(window.start - (window.end - window.start), floorTo(extent.first, HOUR_MS));
  const end = extent.last === null ? window.start : Math.min(window.end, ceilTo(extent.last + MINUTE_MS, HOUR_MS));
  return { ...q, dataSpan: end > start ? { start, end } : null };
}

/** At most this many steps per series (a month by minutes would be 43,200). */
export const MAX_STEPS = 5000;
