import { CsvDownload } from '@/app/_components/csv-download';
import type { Cell } from '@/lib/charts/table';

/** A CSV download of a view's table. */
export function TableCsvLink({ id, table }: { id: string; table: { columns: string[]; rows: Cell[][] } }) {
  return <CsvDownload fileName={`${id}.csv`} table={{ columns: table.columns, rows: table.rows }} testId={`csv-table-${id}`} />;
}
