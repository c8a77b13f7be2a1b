import type { DataCoverage } from '@/lib/metrics/dataCoverage';
import type { WindowInput } from '@/lib/metrics/queries/getWindowInputs';
import type { Figure } from '@/lib/metrics/figure';
import type { Objective } from '@/lib/metrics/rows';
import type { StepName } from '@/lib/metrics/steps';
import type { Phase, Role } from '@/lib/ingest/records';
import type { TimeWindow } from '@/lib/time/window';

export const VIEW_NAMES = ['overview', 'throughput', 'cache', 'kv', 'nodes', 'latency', 'balance', 'experts'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** What a view is asked for (the API's and the pages' query, parsed). */
export interface ViewQuery {
  window: TimeWindow;
  step: StepName;
  timeZone: string;
  dayStart: string;
  role?: Role;
  nodes?: string[];
  model?: string;
  /** Balance: the objective of the heatmap and the stragglers. */
  objective?: Objective;
  /** Experts: the phase (from role) and MoE layer. */
  phase?: Phase;
  layer?: number;
  /** Nodes: reference per-node rates of the capacity check (tokens/s). */
  prefillRate?: number;
  decodeRate?: number;
  /**
   * The start of the newest minute of data, when the window runs past it (a live range): counter
   * completeness is judged up to there, as the counters of the minutes still arriving cannot be.
   */
  dataThrough?: number;
  /**
   * The part of the window and of the window before it that can hold data (the first to the last
   * minute of telemetry anywhere, widened to whole hours), null when none does; absent when not
   * known, and every read then covers the whole window. The overview prices only inside it.
   */
  dataSpan?: TimeWindow | null;
}

/** A point of a series: x is an instant (epoch ms), a value (histograms) or a label (categories). */
export interface Point {
  x: number | string;
  y: number | null;
}

export interface Series {
  key: string;
  label: string;
  points: Point[];
}

export interface Heatmap {
  /** Row labels (node/gpu), top to bottom. */
  rows: string[];
  /** Column starts (epoch ms). */
  columns: number[];
  /** values[row][column]; null where the GPU did not report. */
  values: (number | null)[][];
}

/**
 * One chart of a view: what it shows and its data, ready for the prepare step (lib/charts).
 * x: 'time' (epoch ms), 'log' (a value on a log axis: histograms), 'category' (labels).
 */
export interface Chart {
  id: string;
  title: string;
  unit: string;
  /** What a value x is (log axes: the distribution's variable). */
  xUnit?: string;
  x: 'time' | 'log' | 'category';
  kind: 'line' | 'step' | 'bar' | 'heatmap';
  stacked?: boolean;
  series: Series[];
  heatmap?: Heatmap;
}

export interface TableColumn {
  key: string;
  label: string;
  /** 'ratio': a fraction, shown as a percentage as the cards show it. */
  unit?: 'ratio';
}

export interface Table {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, string | number | null>[];
}

/** Every view's answer: figures named as the daily report names them, charts, tables, notes. */
export interface View {
  view: ViewName;
  window: { start: string; end: string };
  step: StepName;
  timeZone: string;
  dayStart: string;
  filters: { role: Role | null; nodes: string[]; model: string | null };
  figures: Record<string, Figure<number | null>>;
  charts: Chart[];
  tables: Table[];
  /** What the figures cannot say (absent fields, sampling, settings that do not fit). */
  notes: string[];
  /** Where the window's data came from (Prometheus, OTLP, canonical files, traces, the simulator): set when served. */
  inputs?: WindowInput[];
  /** How much of the window has any telemetry: set when served. */
  coverage?: DataCoverage;
  /** An ingest into the window is running: these figures were computed at `computedAt` and will move. Set when served. */
  ingestRunning?: { computedAt: string };
}
