import { expect, type Locator, type Page } from '@playwright/test';

/** A chart's data as drawn: the union of its x values in order, one column per dataset. */
export interface DrawnChart {
  labels: string[];
  rows: (number | null)[][];
  stacked: boolean;
  heatmap: boolean;
  /** chart.js's chart type: 'line' (steps and lines), 'bar', 'matrix'. */
  type: string;
}

/** What the chart on a figure's canvas was given to draw, read from chart.js itself. */
export function drawnChart(figure: Locator): Promise<DrawnChart> {
  return figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const chart = window.fleetLedgerChart?.(canvas);
    if (!chart) throw new Error('no chart on this canvas');
    const datasets = chart.data.datasets as { label?: string; type?: string; data: { x: number | string; y: number | null }[] }[];
    const heatmap = datasets.some((d) => d.type === 'matrix');
    const xs: (number | string)[] = [];
    for (const d of datasets) for (const p of d.data) if (!xs.includes(p.x)) xs.push(p.x);
    if (xs.every((x) => typeof x === 'number')) (xs as number[]).sort((a, b) => a - b);
    const byX = datasets.map((d) => new Map(d.data.map((p) => [p.x, p.y])));
    const yScale = chart.options.scales?.y as { stacked?: boolean } | undefined;
    return {
      labels: datasets.map((d) => d.label ?? ''),
      rows: heatmap ? [] : xs.map((x) => byX.map((m) => m.get(x) ?? null)),
      stacked: Boolean(yScale?.stacked),
      heatmap,
      type: String((chart.config as { type?: string }).type),
    };
  });
}

/** A table cell as the number it shows ("12.5%" → 0.125, "1,234" → 1234, "—" → null). */
function cellNumber(text: string): number | null {
  const t = text.trim();
  if (t === '—' || t === '') return null;
  const percent = t.endsWith('%');
  const n = Number(t.replace(/[,%$]/g, ''));
  return percent ? n / 100 : n;
}

/** The chart's own table ("Table"): its header and its numeric cells. */
export async function offeredTable(figure: Locator): Promise<{ header: string[]; rows: (number | null)[][] }> {
  await figure.getByRole('button', { name: 'Table' }).click();
  const table = figure.locator('table');
  await expect(table).toBeVisible();
  const header = await table.locator('thead th').allInnerTexts();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent ?? '')));
  await figure.getByRole('button', { name: 'Chart' }).click();
  return { header, rows: rows.map((r) => r.map(cellNumber)) };
}

/** Equal as a table cell shows a number: up to 4 decimals, or 1 from 100, or 2 of a percentage. */
export function sameAsShown(shown: number | null, drawn: number | null): boolean {
  if (shown === null || drawn === null) return shown === drawn;
  const tolerance = Math.max(Math.abs(drawn) >= 100 ? 0.05 : 0.00005, 0.00005 + Math.abs(drawn) * 1e-6, 0.0001);
  return Math.abs(shown - drawn) <= tolerance;
}

/**
 * For a stacked area chart: the colour in the middle of every band of every step is that band's
 * series colour, so each band is drawn exactly as high as its value (what the table says).
 * Returns the bands whose pixels are another colour.
 */
export function wrongBands(figure: Locator): Promise<string[]> {
  return figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const chart = window.fleetLedgerChart?.(canvas);
    if (!chart) throw new Error('no chart on this canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const ratio = chart.currentDevicePixelRatio;
    const zero = chart.scales.y.getPixelForValue(0);
    const wrong: string[] = [];
    const metas = chart.data.datasets.map((_, i) => chart.getDatasetMeta(i));
    metas.forEach((meta, i) => {
      const color = String(chart.data.datasets[i].borderColor);
      const want = [1, 3, 5].map((o) => parseInt(color.slice(o, o + 2), 16));
      const points = meta.data as unknown as { x: number; y: number }[];
      for (let j = 0; j + 1 < points.length; j++) {
        const base = i === 0 ? zero : (metas[i - 1].data[j] as unknown as { y: number }).y;
        const top = points[j].y;
        if (base - top < 6 || points[j + 1].x - points[j].x < 4) continue; // too thin to sample
        const [x, y] = [(points[j].x + points[j + 1].x) / 2, (top + base) / 2];
        const [r, g, b, a] = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
        const off = Math.max(Math.abs(r - want[0]), Math.abs(g - want[1]), Math.abs(b - want[2]));
        if (off > 24 || a < 150) wrong.push(`${chart.data.datasets[i].label} at point ${j}: rgba(${r},${g},${b},${a}), want ${color}`);
      }
    });
    return wrong;
  });
}

/** Waits until every chart on the page has drawn. */
export async function chartsDrawn(page: Page): Promise<number> {
  const count = await page.locator('.view-chart').count();
  await expect(page.locator('.view-chart[data-drawn="true"]')).toHaveCount(count);
  return count;
}
