import type { Figure } from '@/lib/metrics/figure';
import { figureLabel, figureText } from '@/lib/metrics/views/labels';

const percent = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;

/** The view's figures as cards: value ("no data" and why, when its inputs are absent), where it came from, and (overview) the change against the previous window. */
export function FigureCards({ figures, change }: { figures: Record<string, Figure<number | null>>; change?: Record<string, number | null> }) {
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
