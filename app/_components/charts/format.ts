/** Display formats of the fleet views (axes, cells, cards). */
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

export function axisNumber(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '—';
  if (unit === 'ratio') return `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 1 : 0)}%`;
  if (unit === '× mean' || unit === '× median') return `${v.toFixed(2)}×`;
  return compact.format(v);
}

/** A log axis labels 1, 2 and 5 of each decade. */
export function logTickShown(v: number): boolean {
  if (!(v > 0)) return false;
  const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
  return [1, 2, 5].includes(mantissa) && Math.abs(v / 10 ** Math.floor(Math.log10(v) + 1e-9) - mantissa) < 1e-6;
}

/** A chart's x value as text: an instant on the zone's clock, a value, or a label. */
export function formatX(x: number | string, kind: 'time' | 'log' | 'category', timeZone: string): string {
  if (typeof x === 'string') return x;
  if (kind === 'time') {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(x));
  }
  return compact.format(x);
}

/** A table cell: numbers with up to 4 significant decimals, text as is. */
export function cellText(v: string | number | null, unit?: string): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (unit === 'ratio' && Math.abs(v) <= 10) return `${(v * 100).toFixed(2)}%`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 1 : 4 });
}
