import { coverageText, isComplete, sharePercent, type DataCoverage } from '@/lib/metrics/dataCoverage';

/** Says when a day's figures cover only part of its window (or none of it), wherever a day is shown. */
export function PartialDayBanner({ coverage }: { coverage: DataCoverage }) {
  if (isComplete(coverage)) return null;
  return (
    <div className="banner warn" role="status" data-testid="partial-day" data-share={coverage.share}>
      {coverage.share === 0
        ? 'No telemetry for this day: every figure is empty.'
        : `Partial day: telemetry covers ${coverageText(coverage)} of this day's window. Cost, revenue and node figures count only that part.`}
    </div>
  );
}

/** A day's coverage as a badge in a list of days ("partial 17%"); nothing for a complete day. */
export function PartialDayBadge({ coverage }: { coverage: DataCoverage }) {
  if (isComplete(coverage)) return null;
  return (
    <span className="badge warn" data-testid="partial-day-badge" title={`telemetry covers ${coverageText(coverage)} of this day`}>
      {coverage.share === 0 ? 'no data' : `partial ${sharePercent(coverage)}`}
    </span>
  );
}
