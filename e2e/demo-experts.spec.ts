import { test, expect } from './auth';

// The demo server (playwright.config.ts): the demo day as a fresh organisation gets it, default
// balancer settings. The Experts page opens on the day without any query.
test('the demo has expert loads and the Experts page draws them, placed by EPLB with the default settings', async ({ page }) => {
  for (const phase of ['prefill', 'decode'] as const) {
    await page.goto(phase === 'prefill' ? '/experts?phase=prefill' : '/experts?phase=decode&layer=57');
    await expect(page.getByTestId('view-experts')).toBeVisible();
    await expect(page.getByText('EPLB cannot place')).toHaveCount(0);
    for (const figure of ['experts.tokens', 'experts.balancedness.observed', 'experts.balancedness.eplb']) {
      await expect(page.getByTestId(`figure-${figure}`), `${phase} ${figure}`).not.toHaveAttribute('data-value', '');
    }
    await expect(page.locator('.view-chart')).toHaveCount(3);
    await expect(page.locator('.view-chart[data-drawn="true"]')).toHaveCount(3);
    // One unit of each phase: EP32 for prefill, EP144 for decode, a placement row per GPU.
    await expect(page.getByTestId('table-placement').locator('tbody tr')).toHaveCount(phase === 'prefill' ? 32 : 144);
    await expect(page.getByTestId('table-layers').locator('tbody tr')).toHaveCount(6);
    await page.screenshot({ path: `test-results/demo-experts-${phase}.png`, fullPage: true });
  }
});
