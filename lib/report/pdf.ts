import { printPass, PRINT_PASS_HEADER } from '@/lib/auth/printPass';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { Unavailable } from '@/lib/http/errors';
import { localText } from '@/lib/time/localText';
import { PrintQueue } from './printQueue';
import type { DailyReport } from './types';

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

/** The footer of every printed page (before its "page X of Y"): which report, and when it was printed. */
export function pdfFooterText(report: Pick<DailyReport, 'date' | 'timeZone' | 'status' | 'version'>, generatedAt: Date): string {
  const copy = report.status === 'closed' ? `version ${report.version}` : 'open, live figures';
  return `FleetLedger daily report ${report.date} (${copy}) · generated ${localText(generatedAt.getTime(), report.timeZone)} ${report.timeZone}`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// Chromium fills .pageNumber and .totalPages; the template has no page styles, so it sets its own size.
const footerTemplate = (text: string) =>
  `<div style="font: 8px system-ui, sans-serif; color: #535b66; width: 100%; padding: 0 10mm; display: flex; justify-content: space-between;">` +
  `<span>${escapeHtml(text)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

// One browser and one line of prints for the process (Next.js may load this module once per
// bundle): launched on the first print, relaunched on the next one after it dies. A print takes a
// core for most of its few seconds, so two at once is what the machine can print without
// starving the dashboard; eight more wait, and beyond that the caller is asked to retry.
const shared = globalThis as unknown as { fleetLedgerBrowser?: Promise<Browser>; fleetLedgerPrintQueue?: PrintQueue };

export function printQueue(): PrintQueue {
  shared.fleetLedgerPrintQueue ??= new PrintQueue({ running: 2, waiting: 8, retryAfterSeconds: 10 });
  return shared.fleetLedgerPrintQueue;
}

/** The browser every print shares (exported for the tests that kill it). */
export function sharedBrowser(): Promise<Browser> {
  const running = shared.fleetLedgerBrowser;
  if (running) return running;
  const launching = chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  shared.fleetLedgerBrowser = launching;
  const forget = () => {
    if (shared.fleetLedgerBrowser === launching) shared.fleetLedgerBrowser = undefined;
  };
  launching.then((browser) => browser.once('disconnected', forget), forget);
  return launching;
}

/** Closes the shared browser, if one runs (a CLI's exit, a test's end); the next print launches another. */
export async function closeSharedBrowser(): Promise<void> {
  const running = shared.fleetLedgerBrowser;
  shared.fleetLedgerBrowser = undefined;
  if (running) await (await running).close().catch(() => undefined);
}

async function renderPdf(url: string, footer: string): Promise<Buffer> {
  const browser = await sharedBrowser();
  // A context per render: its own print pass header, nothing left behind for the next one.
  // Laid out at the printed width (A4 less margins, at 96 dpi) in print media from the start,
  // so the charts draw at the size they are printed.
  const context = await browser.newContext({ viewport: { width: 718, height: 1000 }, extraHTTPHeaders: { [PRINT_PASS_HEADER]: printPass() } });
  try {
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response?.ok()) throw new Error(`the report page answered ${response?.status() ?? 'nothing'} (${url})`);
    await page.waitForSelector(PRINT_READY_SELECTOR, { state: 'attached', timeout: 30_000 });
    return await page.pdf({
      format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '16mm', left: '10mm', right: '10mm' },
      displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footerTemplate(footer),
    });
  } finally {
    await context.close().catch(() => undefined);
  }
}

/**
 * Prints the page at `url` to an A4 PDF in the shared headless Chromium, once its charts have
 * drawn, with `footer` and "page X of Y" at the foot of every page. At most two print at once and
 * eight wait; beyond that it throws PrintQueueFull.
 */
export async function printPageToPdf(url: string, footer: string): Promise<Buffer> {
  assertChromium();
  return printQueue().run(() => renderPdf(url, footer));
}

