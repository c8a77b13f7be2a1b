import { test, expect } from './auth';

test('settings: the metric mapping is refused with the field named, then saved, audited and reset', async ({ page }) => {
  await page.goto('/settings');
  const form = page.getByRole('region', { name: 'Metric mapping' });
  const text = page.getByTestId('metric-mapping');
  await text.fill('{"roleValues": {"backend": "serving"}}');
  await form.getByRole('button', { name: 'Save mapping' }).click();
  await expect(form.getByRole('alert')).toContainText('roleValues.backend');
  await text.fill('{"node": ["kubernetes_node"], "roleValues": {"backend": "decode"}, "gpusPerNode": 8}');
  await form.getByRole('button', { name: 'Save mapping' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved');
  await expect(page.getByTestId('audit-log')).toContainText('metric_mapping');
  await page.reload();
  await expect(page.getByTestId('metric-mapping')).toHaveValue(/kubernetes_node/);
  await page.getByTestId('metric-mapping').fill('');
  await form.getByRole('button', { name: 'Save mapping' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved');
});
