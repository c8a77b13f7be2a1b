import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Unavailable } from '@/lib/http/errors';

/** Debian's Chromium (never a Playwright download); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless as root on a closed network: no sandbox, and no background connections to refuse.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The selector a printable page sets once its charts have drawn. */
export const PRINT_READY_SELECTOR = '[data-print-ready="true"]';

export function assertChromium(path = CHROMIUM_PATH): void {
  if (!existsSync(/*turbopackIgnore: true*/ path)) {
    throw new Unavailable(
      `PDF export needs Chromium at ${path}, which is not installed: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
}

/** Prints the page at `url` to an A4 PDF in headless Chromium, once its charts have drawn. */
export async function printPageToPdf(url: string): Promise<Buffer> {
  assertChromium();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    // Laid out at the printed width (A4 less margins, at 96 dpi) in print media from the start,
    // so the charts draw at the size they are printed.
    const page = await browser.newPage({ viewport: { width: 718, height: 1000 } });
    await page.emulateMedia({ media: 'print' });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response?.ok()) throw new Error(`the report page answered ${response?.status() ?? 'nothing'} (${url})`);
    await page.waitForSelector(PRINT_READY_SELECTOR, { state: 'attached', timeout: 30_000 });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
  } finally {
    await browser.close();
  }
}
