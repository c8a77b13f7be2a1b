/**
 * `# TYPE`, `# HELP` and `# UNIT` declarations of a text exposition, and the family each sample
 * name belongs to under them: `x_bucket`, `x_sum`, `x_count` and `x_created` of histogram `x`;
 * `x`, `x_sum`, `x_count`, `x_created` of summary `x`; `x_total` and `x_created` of counter `x`;
 * `x_bucket`, `x_gsum`, `x_gcount` of gaugehistogram `x`; `x_info` of info `x`.
 *
 * A counter's family is named without `_total` whichever way it is declared: OpenMetrics writes
 * `# TYPE x counter`, while the 0.0.4 text format of most clients names the sample itself
 * (`# TYPE vllm:prompt_tokens_total counter`); both give family `vllm:prompt_tokens`, and that
 * counter's `x_created` sample joins it too.
 *
 * Declarations hold until the same name is declared again, across `# EOF` and concatenated
 * scrapes alike: each scrape of a target repeats them.
 */
import type { MetricType } from '@/lib/ingest/metrics/types';

export interface MetricMetadata {
  type?: MetricType;
  help?: string;
  unit?: string;
}

export interface FamilyOf {
  type: MetricType;
  family: string;
}

/** The type names either text format declares; `untyped` is the 0.0.4 spelling of `unknown`. */
const DECLARED_TYPES: Readonly<Record<string, MetricType>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  gaugehistogram: 'gaugehistogram',
  summary: 'summary',
  info: 'info',
  stateset: 'stateset',
  unknown: 'unknown',
  untyped: 'unknown',
};

export const metricTypeNamed = (text: string): MetricType | undefined =>
  Object.hasOwn(DECLARED_TYPES, text) ? DECLARED_TYPES[text] : undefined;

/** Sample-name suffixes and the family types that expose them. */
const SUFFIXES: readonly (readonly [suffix: string, types: readonly MetricType[]])[] = [
  ['_total', ['counter']],
  ['_created', ['counter', 'histogram', 'summary']],
  ['_bucket', ['histogram', 'gaugehistogram']],
  ['_sum', ['histogram', 'summary']],
  ['_count', ['histogram', 'summary']],
  ['_gsum', ['gaugehistogram']],
  ['_gcount', ['gaugehistogram']],
  ['_info', ['info']],
];

const TOTAL = '_total';
const CREATED = '_created';

export class FamilyDeclarations {
  /** Bumped whenever a declaration changes a type, so cached resolutions know to look again. */
  generation = 0;
  private readonly types = new Map<string, MetricType>();
  private readonly meta = new Map<string, MetricMetadata>();

  /** HELP, TYPE and UNIT as declared, by the name the comment gives. */
  get metadata(): ReadonlyMap<string, Readonly<MetricMetadata>> {
    return this.meta;
  }

  declareType(name: string, type: MetricType): void {
    if (this.types.get(name) !== type) {
      this.types.set(name, type);
      this.generation++;
    }
    this.entry(name).type = type;
  }

  declareHelp(name: string, help: string): void {
    this.entry(name).help = help;
  }

  declareUnit(name: string, unit: string): void {
    this.entry(name).unit = unit;
  }

  /** The declared family of a sample name; undeclared names are `unknown` and their own family. */
  familyOf(name: string): FamilyOf {
    const own = this.types.get(name);
    if (own !== undefined) {
      return { type: own, family: own === 'counter' && name.endsWith(TOTAL) ? name.slice(0, -TOTAL.length) : name };
    }
    for (const [suffix, types] of SUFFIXES) {
      if (!name.endsWith(suffix)) continue;
      const base = name.slice(0, -suffix.length);
      const type = this.types.get(base);
      if (type !== undefined && types.includes(type)) return { type, family: base };
      if (suffix === CREATED && this.types.get(base + TOTAL) === 'counter') return { type: 'counter', family: base };
    }
    return { type: 'unknown', family: name };
  }

  private entry(name: string): MetricMetadata {
    let entry = this.meta.get(name);
    if (entry === undefined) {
      entry = {};
      this.meta.set(name, entry);
    }
    return entry;
  }
}
