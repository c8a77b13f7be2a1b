import type { Figure } from '@/lib/metrics/figure';
import { figureLabel, figureText } from '@/lib/metrics/views/labels';

const percent = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;

/** The view's figures as cards: value, where it came from, and (overview) the change against the previous window. */
export function FigureCards({ figures, change }: { figures: Record<string, Figure<number | null>>; change?: Record<string, number | null> }) {
  return (
    <div className="stat-grid">
      {Object.entries(figures).map(([key, f]) => {
        const { label, unit } = figureLabel(key);
        const delta = change?.[key] ?? null;
        return (
          <div className="stat" key={key} data-testid={`figure-${key}`} data-value={f.value === null ? '' : String(f.value)}>
            <div className="stat-label">{label}</div>
            <div className="stat-value">{figureText(f.value, unit)}</div>
            <div className="stat-note muted">
              {f.source}
              {f.coverage === null ? '' : ` · coverage ${(f.coverage * 100).toFixed(1)}%`}
              {change ? <span className={delta === null ? '' : delta >= 0 ? ' change-up' : ' change-down'}> · {delta === null ? 'no previous' : percent(delta)}</span> : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}
