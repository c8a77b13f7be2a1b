import { test } from 'node:test';
import { prometheusApi } from '@/lib/ingest/formats/prometheus-api';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const result = (gpu: string, value: string) => ({ metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu, Hostname: 'd-001' }, values: [[1740628800, value], [1740628815, value]] });
const VALID = [
  JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [result('0', '71'), result('1', '12')] } }),
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'DCGM_FI_DEV_POWER_USAGE', gpu: '0', Hostname: 'd-001' }, value: [1740628800, '512.5'] }] } }, null, 2),
];

test('Prometheus API results: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(prometheusApi, VALID);
  checkParser(prometheusApi, VALID);
});
