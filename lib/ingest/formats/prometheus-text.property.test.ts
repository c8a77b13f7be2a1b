import { test } from 'node:test';
import { prometheusText } from '@/lib/ingest/formats/prometheus-text';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const SCRAPE = { scrapeTime: Date.UTC(2025, 1, 27, 4) };
const VALID = [
  [
    '# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).',
    '# TYPE DCGM_FI_DEV_GPU_UTIL gauge',
    'DCGM_FI_DEV_GPU_UTIL{gpu="0",Hostname="d-001"} 71',
    'DCGM_FI_DEV_GPU_UTIL{gpu="1",Hostname="d-001"} 12.5',
    '# TYPE DCGM_FI_DEV_POWER_USAGE gauge',
    'DCGM_FI_DEV_POWER_USAGE{gpu="0",Hostname="d-001"} 512.25',
    '',
  ].join('\n'),
];

test('Prometheus text: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(prometheusText, VALID, SCRAPE);
  checkParser(prometheusText, VALID, SCRAPE);
});
