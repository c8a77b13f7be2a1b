/**
 * What a metric input held that did not become a record, for the job summary: metrics the
 * catalog does not read, series that cannot be placed (with the reason), and samples skipped
 * by the counter rules. None of these is an error: a scrape holds many metrics FleetLedger
 * does not use.
 */
export interface MetricNotice {
  kind: 'unused_metric' | 'unplaced_series' | 'skipped_samples';
  /** The metric family (or sample name) concerned. */
  metric: string;
  /** Why; for unused metrics, the family's type. */
  reason: string;
  series: number;
  samples: number;
  /** One series it happened to, for the user to look up. */
  example: string | null;
}

interface Tally {
  notice: MetricNotice;
  seen: Set<string>;
}

/** The most distinct notices kept; the rest are summed into one line. */
const MAX_NOTICES = 200;

export class MetricNotices {
  private readonly tallies = new Map<string, Tally>();
  private overflow = 0;

  note(kind: MetricNotice['kind'], metric: string, reason: string, seriesKey: string, samples = 1): void {
    const notice = this.forSeries(kind, metric, reason, seriesKey);
    if (notice) notice.samples += samples;
    else this.overflow += samples;
  }

  /**
   * The notice a series counts its samples in from now on (`notice.samples += 1`: the hot path of
   * a scrape full of metrics FleetLedger does not read); null once the list is full.
   */
  forSeries(kind: MetricNotice['kind'], metric: string, reason: string, seriesKey: string): MetricNotice | null {
    const key = `${kind}\u0000${metric}\u0000${reason}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      if (this.tallies.size >= MAX_NOTICES) return null;
      tally = { notice: { kind, metric, reason, series: 0, samples: 0, example: seriesKey }, seen: new Set() };
      this.tallies.set(key, tally);
    }
    if (!tally.seen.has(seriesKey)) {
      tally.seen.add(seriesKey);
      tally.notice.series += 1;
    }
    return tally.notice;
  }

  /** Every notice, most samples first. */
  list(): MetricNotice[] {
    const out = [...this.tallies.values()].map((t) => ({ ...t.notice })).sort((a, b) => b.samples - a.samples || a.metric.localeCompare(b.metric));
    if (this.overflow) out.push({ kind: 'skipped_samples', metric: '(more)', reason: `${this.overflow} samples under further notices not listed`, series: 0, samples: this.overflow, example: null });
    return out;
  }
}
