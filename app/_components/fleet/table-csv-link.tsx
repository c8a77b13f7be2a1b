import { toCsv } from '@/lib/charts/table';

/** A CSV download of a table, as a data URL (no round trip). */
export function TableCsvLink({ id, table }: { id: string; table: { columns: string[]; rows: (string | number | null)[][] } }) {
  return (
    <a className="link-button" href={`data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(table))}`} download={`${id}.csv`} data-testid={`csv-table-${id}`}>
      CSV
    </a>
  );
}
