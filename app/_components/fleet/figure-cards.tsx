import type { DataCoverage } from '@/lib/metrics/dataCoverage';
import { isComplete, sharePercent } from '@/lib/metrics/dataCoverage';
import type { Figure } from '@/lib/metrics/figure';
import { figureLabel, figureText, provenanceText } from '@/lib/metrics/views/labels';

const percent = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;

/**
 * The view's figures as cards: value ("no data" and why, when its inputs are absent), where it
 * came from, whether it covers less of the range than was asked, and (overview) the change
 * against the previous window.
 */
export function FigureCards({ figures, change, coverage }: {
  figures: Record<string, Figure<number | null>>;
  change?: Record<string, number | null>;
  coverage?: DataCoverage;
}) {
  const partial = coverage && !isComplete(coverage) ? `data for ${sharePercent(coverage)} of the range` : null;
  return (
    <div className="stat-grid">
      {Object.entries(figures).map(([key, f]) => {
        const { label, unit } = figureLabel(key);
        const delta = change?.[key] ?? null;
        return (
          <div className="stat" key={key} data-testid={`figure-${key}`} data-value={f.value === null ? '' : String(f.value)}>
            <div className="stat-label">{label}</div>
            <div className="stat-value">{f.value === null && f.absent ? f.absent : figureText(f.value, unit)}</div>
            {f.note ? <div className="stat-note" data-testid={`figure-note-${key}`}>{f.note}</div> : null}
            {partial && f.value !== null ? <div className="stat-note stat-partial" data-testid={`figure-partial-${key}`}>{partial}</div> : null}
            <div className="stat-note muted">
              {provenanceText(key, f.source, f.coverage)}
              {change ? <span className={delta === null ? '' : delta >= 0 ? ' change-up' : ' change-down'}> · {delta === null ? 'no previous' : percent(delta)}</span> : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}
