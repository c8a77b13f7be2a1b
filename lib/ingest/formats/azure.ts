/**
 * Azure LLM inference trace CSV (Azure/AzurePublicDataset, 2023 and 2024):
 * TIMESTAMP,ContextTokens,GeneratedTokens — one request per row. TIMESTAMP has no zone and
 * 7 fractional digits ("2023-11-16 18:17:03.9799600"); it is read as UTC, the fraction kept.
 */
import { csvImportParser, headerHas, type CsvImport } from '@/lib/ingest/csv-import';
import type { FormatParser } from '@/lib/ingest/format';

const COLUMNS = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'];

const azureImport: CsvImport = {
  name: 'Azure',
  type: 'request',
  columns: COLUMNS,
  labels: { arrived_at: 'TIMESTAMP', input_tokens: 'ContextTokens', output_tokens: 'GeneratedTokens' },
  zone: 'utc-if-absent',
  map: (cell) => ({ arrived_at: cell('TIMESTAMP'), input_tokens: cell('ContextTokens'), output_tokens: cell('GeneratedTokens') }),
};

export const azureLlmInference: FormatParser = {
  name: 'azure-llm-inference',
  description: 'Azure LLM inference trace CSV (TIMESTAMP,ContextTokens,GeneratedTokens; naive timestamps read as UTC)',
  detect: (head) => headerHas(head, COLUMNS),
  lacks: ['cache'],
  create: (options) => csvImportParser(azureImport, options),
};
