import { cellText } from './format';

/** A chart's or a view's data as a dense table. */
export function DataTable({ columns, rows, unit, testId }: { columns: string[]; rows: (string | number | null)[][]; unit?: string; testId?: string }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid={testId}>
        <thead>
          <tr>{columns.map((c, i) => <th key={`${c}-${i}`} className={i ? 'num' : undefined}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>{row.map((v, i) => <td key={i} className={typeof v === 'number' ? 'num' : undefined}>{cellText(v, i ? unit : undefined)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
