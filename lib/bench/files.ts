import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { benchRequest, CSV_HEADER, toCopyText, toCsv, toJsonl } from './requestRows';

export interface BenchFiles {
  jsonl: string;
  csv: string;
  copyText: string;
}

/**
 * Waits until the kernel has written the file out: otherwise the writeback of a just-generated
 * file competes with the next measurement (a 1 GB ingest ran at 0.40 of the plain COPY right
 * after its file was written, and at 0.5 on its own).
 */
async function flushToDisk(path: string): Promise<void> {
  const file = await open(path, 'r');
  await file.sync();
  await file.close();
}

async function writeLines(path: string, count: number, line: (i: number) => string, header?: string): Promise<void> {
  const out = createWriteStream(path);
  if (header) out.write(`${header}\n`);
  for (let i = 0; i < count; i++) {
    if (!out.write(line(i))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await flushToDisk(path);
}

/** The same `rows` requests as JSONL, CSV and COPY text (one request set, so ids match across files). */
export async function writeBenchFiles(dir: string, rows: number): Promise<BenchFiles> {
  const requests = Array.from({ length: rows }, (_, i) => benchRequest(i, rows));
  const files = { jsonl: `${dir}/requests.jsonl`, csv: `${dir}/requests.csv`, copyText: `${dir}/requests.tsv` };
  await writeLines(files.jsonl, rows, (i) => toJsonl(requests[i]));
  await writeLines(files.csv, rows, (i) => toCsv(requests[i]), CSV_HEADER);
  await writeLines(files.copyText, rows, (i) => toCopyText(requests[i]));
  return files;
}

/**
 * A JSONL file of at least `bytes` bytes and the COPY text of the same rows, generated row by
 * row (never held in memory); returns their paths and rows.
 */
export async function writeLargeFiles(dir: string, bytes: number): Promise<{ jsonl: string; copyText: string; rows: number }> {
  const files = { jsonl: `${dir}/large.jsonl`, copyText: `${dir}/large.tsv` };
  const jsonl = createWriteStream(files.jsonl);
  const copyText = createWriteStream(files.copyText);
  let written = 0;
  let rows = 0;
  const estimatedRows = Math.ceil(bytes / 330);
  while (written < bytes) {
    const request = benchRequest(rows, estimatedRows);
    const line = toJsonl(request);
    written += Buffer.byteLength(line);
    rows++;
    const jsonlDrained = jsonl.write(line);
    const copyTextDrained = copyText.write(toCopyText(request));
    if (!jsonlDrained) await once(jsonl, 'drain');
    if (!copyTextDrained) await once(copyText, 'drain');
  }
  for (const [out, path] of [[jsonl, files.jsonl], [copyText, files.copyText]] as const) {
    out.end();
    await once(out, 'finish');
    await flushToDisk(path);
  }
  return { ...files, rows };
}
