/**
 * Every format ingest understands, in detection order: the first whose detect() accepts a
 * file's head reads it. A new format is one file in this folder and one line here.
 */
import type { FormatParser } from '@/lib/ingest/format';
import { azureLlmInference } from '@/lib/ingest/formats/azure';
import { burstGpt } from '@/lib/ingest/formats/burstgpt';
import { canonicalCsv } from '@/lib/ingest/formats/canonical-csv';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { mooncakeTrace } from '@/lib/ingest/formats/mooncake';
import { otlpJson } from '@/lib/ingest/otlp/format';
import { prometheusApi } from '@/lib/ingest/formats/prometheus-api';
import { prometheusText } from '@/lib/ingest/formats/prometheus-text';

export const FORMATS: readonly FormatParser[] = [
  canonicalJsonl,
  canonicalCsv,
  mooncakeTrace,
  azureLlmInference,
  burstGpt,
  prometheusText,
  prometheusApi,
  otlpJson,
];

export function detectFormat(head: string): FormatParser | null {
  return FORMATS.find((f) => f.detect(head)) ?? null;
}

export function formatNamed(name: string): FormatParser | null {
  return FORMATS.find((f) => f.name === name) ?? null;
}
