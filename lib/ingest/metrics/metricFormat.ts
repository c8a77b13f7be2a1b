/**
 * A metric parser (bytes → samples) and the deriver (samples → records) as one RecordParser,
 * so that every Prometheus-family file format sits in the format table like any other.
 */
import { FormatError, type LineError, type ParseOptions, type ParseOutput, type RecordParser } from '@/lib/ingest/format';
import { formatInstant } from '@/lib/ingest/instant';
import { EARLIEST_INSTANT } from '@/lib/ingest/field-reader';
import { MetricDeriver } from './derive';
import { DEFAULT_MAPPING } from './mapping';
import type { MetricParseOutput, MetricParser } from './types';

const ONE_DAY_MS = 86_400_000;

export interface MetricFormatOptions {
  /**
   * How long a row is held for series that come later in the input: in a file of scrapes in
   * time order the targets of one round are seconds apart (a minute covers them); a file grouped
   * by series (an API result) is held to its end.
   */
  holdUntilEnd: boolean;
}

/** Rows of a time-ordered scrape file wait this long (in the file's time) for the rest of their scrape. */
const SCRAPE_ROUND_MS = 60_000;

class MetricRecordParser implements RecordParser {
  private readonly deriver: MetricDeriver;
  private readonly latest: number;

  constructor(
    private readonly parser: MetricParser,
    options: ParseOptions,
    format: MetricFormatOptions,
  ) {
    const mapping = options.metricMapping ?? DEFAULT_MAPPING;
    this.deriver = new MetricDeriver({
      mapping,
      scrapeTime: options.scrapeTime ?? null,
      horizonMs: format.holdUntilEnd ? Infinity : SCRAPE_ROUND_MS,
      nodeRole: options.nodeRole,
    });
    this.latest = options.now + ONE_DAY_MS;
  }

  push(chunk: Buffer): ParseOutput {
    return this.derive(this.parser.push(chunk), false);
  }

  end(): ParseOutput {
    const out = this.derive(this.parser.end(), true);
    out.notices = this.deriver.notices.list();
    return out;
  }

  private derive(parsed: MetricParseOutput, final: boolean): ParseOutput {
    const errors: LineError[] = parsed.errors.map((e) => ({ ...e }));
    for (const sample of parsed.samples) {
      const ts = sample.ts;
      if (ts !== null && (ts < EARLIEST_INSTANT || ts > this.latest)) {
        errors.push({ line: sample.line, field: sample.series.name, message: `timestamp ${formatInstant(ts)} is before 2000 or more than a day ahead`, excerpt: null });
        continue;
      }
      const problem = this.deriver.add(sample);
      if (problem) throw new FormatError(`line ${sample.line}: ${problem}`);
    }
    return { records: this.deriver.flush(final), errors, lines: parsed.lines };
  }
}

export function metricRecordParser(parser: MetricParser, options: ParseOptions, format: MetricFormatOptions): RecordParser {
  return new MetricRecordParser(parser, options, format);
}
