import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ZodError } from 'zod';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { getMetricMapping, getMetricMappingInput, saveMetricMapping } from './metricMapping';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('the organisation mapping is saved audited, read over the defaults, overridden by a file, and reset', async () => {
  assert.equal(await getMetricMappingInput(db), null);
  assert.equal(await saveMetricMapping(db, { node: ['kubernetes_node'], defaultRole: 'both', gpusPerNode: 8 }, 'web'), true);
  assert.equal(await saveMetricMapping(db, { node: ['kubernetes_node'], defaultRole: 'both', gpusPerNode: 8 }, 'web'), false);
  const mapping = await getMetricMapping(db);
  assert.deepEqual([mapping.node, mapping.gpu[0], mapping.defaultRole, mapping.gpusPerNode], [['kubernetes_node'], 'gpu', 'both', 8]);
  assert.deepEqual((await getMetricMapping(db, { node: ['host'] })).node, ['host']);
  assert.equal(await saveMetricMapping(db, null, 'web'), true);
  assert.equal(await getMetricMappingInput(db), null);
  const audit = await db.prisma.auditLog.findMany({ where: { entity: 'metric_mapping' }, orderBy: { id: 'asc' } });
  assert.equal(audit.length, 2);
});

test('a bad mapping is refused naming the field', async () => {
  await assert.rejects(saveMetricMapping(db, { roleValues: { backend: 'serving' } }, 'web'), (e: Error) => e instanceof ZodError && e.issues[0].path.join('.') === 'roleValues.backend');
  await assert.rejects(saveMetricMapping(db, { nodes: ['x'] }, 'web'), ZodError);
});
