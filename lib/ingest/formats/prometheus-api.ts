/**
 * Prometheus HTTP API results: the JSON body of `/api/v1/query_range` (a matrix) or
 * `/api/v1/query` (a vector), as `curl` saves it. Each result is one series; the file is read
 * whole before rows are emitted, as a matrix gives every series in turn rather than every
 * timestamp in turn.
 */
import type { FormatParser } from '@/lib/ingest/format';
import { metricRecordParser } from '@/lib/ingest/metrics/metricFormat';
import { createPromApiParser, detectPromApi } from '@/lib/ingest/metrics/promApi';

export const prometheusApi: FormatParser = {
  name: 'prometheus-api',
  description: 'Prometheus HTTP API query or query_range result JSON (matrix or vector)',
  metrics: true,
  detect: detectPromApi,
  create: (options) => metricRecordParser(createPromApiParser(), options, { holdUntilEnd: true }),
};
