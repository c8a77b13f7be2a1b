import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DESCRIPTOR_FILE, descriptorSource } from '@/lib/ingest/otlp/proto/generate';

test('descriptor.ts is generated from the .proto files as they are', () => {
  assert.equal(readFileSync(DESCRIPTOR_FILE, 'utf8'), descriptorSource(), 'run: node --import tsx lib/ingest/otlp/proto/generate.ts');
});
