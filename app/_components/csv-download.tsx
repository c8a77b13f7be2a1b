'use client';

import type { Cell } from '@/lib/charts/table';
import { writeCsv } from '@/lib/csv/writeCsv';

/**
 * "CSV": the table as a file, built when clicked. A data: link built at render carried every
 * table a second time, percent-encoded, in the page's HTML and again in its RSC payload.
 */
export function CsvDownload({ fileName, table, testId }: { fileName: string; table: { columns: string[]; rows: Cell[][] }; testId: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([writeCsv(table)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return <button type="button" className="link-button" onClick={download} data-testid={testId}>CSV</button>;
}
