import { csvDataUrl } from '@/lib/csv/writeCsv';

/** A CSV download of a table, as a data URL (no round trip). */
export function TableCsvLink({ id, table }: { id: string; table: { columns: string[]; rows: (string | number | null)[][] } }) {
  return (
    <a className="link-button" href={csvDataUrl(table)} download={`${id}.csv`} data-testid={`csv-table-${id}`}>
      CSV
    </a>
  );
}
