'use client';

import { cellText } from './format';

/** A chart's data (one unit for its value columns) or a view's table (a unit per column) as a dense table. */
export function DataTable({ columns, rows, unit, units, testId }: {
  columns: string[];
  rows: (string | number | null)[][];
  unit?: string;
  units?: (string | undefined)[];
  testId?: string;
}) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid={testId}>
        <thead>
          <tr>{columns.map((c, i) => <th key={`${c}-${i}`} className={i ? 'num' : undefined}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>{row.map((v, i) => <td key={i} className={typeof v === 'number' ? 'num' : undefined}>{cellText(v, units ? units[i] : i ? unit : undefined)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
