/**
 * Prometheus text exposition (0.0.4) and OpenMetrics files: one scrape or many in time order,
 * samples with their own timestamps or one scrape time for the file. Read into GPU samples and
 * node events by the metric catalog (docs/formats.md "Prometheus and OpenTelemetry").
 */
import type { FormatParser } from '@/lib/ingest/format';
import { createExpositionParser, detectExposition } from '@/lib/ingest/metrics/exposition';
import { metricRecordParser } from '@/lib/ingest/metrics/metricFormat';

export const prometheusText: FormatParser = {
  name: 'prometheus-text',
  description: 'Prometheus text exposition or OpenMetrics (vLLM, SGLang, Dynamo, dcgm-exporter scrapes)',
  metrics: true,
  detect: detectExposition,
  create: (options) => metricRecordParser(createExpositionParser({ maxLineBytes: options.maxLineBytes }), options, { holdUntilEnd: false }),
};
