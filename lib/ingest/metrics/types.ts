/**
 * Metric samples as Prometheus-family inputs carry them (text exposition, OpenMetrics, the
 * HTTP API's JSON, remote write), before lib/ingest/metrics/derive turns them into canonical
 * records. Parsers produce these; they know nothing of engines or GPUs.
 */

/** A metric family's type as declared (`# TYPE`, remote-write metadata); `unknown` when undeclared. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

export type Labels = Readonly<Record<string, string>>;

/**
 * One time series: a sample name as exposed (`vllm:prompt_tokens_total`,
 * `DCGM_FI_DEV_GPU_UTIL`, `x_bucket`, `x_created`) and its labels (without `__name__`).
 * Parsers hand out one object per distinct series and reuse it for each of its samples, so
 * consumers may key state on the object itself.
 */
export interface Series {
  readonly name: string;
  readonly labels: Labels;
  /** The family's declared type, when the input declares one. */
  readonly type: MetricType;
  /** The family name the series belongs to (`x` for `x_total`, `x_bucket`, `x_created`), when known. */
  readonly family: string;
  /** A stable text key of name and sorted labels (equal series give equal keys across inputs). */
  readonly key: string;
}

export interface MetricSample {
  series: Series;
  /** Epoch milliseconds; null when the input gave no timestamp (a plain scrape). */
  ts: number | null;
  value: number;
  /** 1-based line of the input it came from (0 when the input has no lines, e.g. protobuf). */
  line: number;
}

/** What a metric parser returns for each chunk it is given (and at the end). */
export interface MetricParseOutput {
  samples: MetricSample[];
  errors: { line: number; field: string | null; message: string; excerpt: string | null }[];
  /** Non-blank lines consumed (comments included), for progress. */
  lines: number;
}

export interface MetricParser {
  push(chunk: Buffer): MetricParseOutput;
  end(): MetricParseOutput;
}

/** The stable key of a series: name, then labels sorted by name, in exposition syntax. */
export function seriesKey(name: string, labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (!names.length) return name;
  return `${name}{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(',')}}`;
}
