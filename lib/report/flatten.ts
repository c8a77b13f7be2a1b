import type { DailyReport } from './types';

export type Leaf = string | number | boolean | null;

/** Array items are named by what they are about (hour start, model/source), not their index,
 *  so that two versions of a report line up in a diff. */
function itemKey(item: unknown, index: number): string {
  if (item === null || typeof item !== 'object') return String(index);
  const o = item as Record<string, unknown>;
  if (typeof o.start === 'string') return o.start;
  if (typeof o.from === 'string') return [o.model ?? o.gpuType, o.from].filter((k) => typeof k === 'string').join('@');
  if ('model' in o || 'source' in o) return ['model', 'source'].filter((k) => k in o).map((k) => String(o[k] ?? '(none)')).join('/');
  return String(index);
}

function walk(value: unknown, path: string, out: [string, Leaf][]): void {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) out.push([path, value.join(' ')]);
    else value.forEach((item, i) => walk(item, `${path}.${itemKey(item, i)}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, out);
  } else out.push([path, value as Leaf]);
}

/** Every figure of a report as (dotted path, value); `status` and `version` say which copy it
 *  is, not what it holds, and are left out. */
export function flattenReport(report: DailyReport, { hourly = true } = {}): [string, Leaf][] {
  const { status: _status, version: _version, hourly: hours, ...figures } = report;
  const out: [string, Leaf][] = [];
  walk(figures, '', out);
  if (hourly) walk(hours, 'hourly', out);
  return out;
}

export interface FigureChange {
  figure: string;
  before: Leaf | undefined;
  after: Leaf | undefined;
  /** after − before, for numbers. */
  delta: number | null;
}

/** The figures that differ between two reports of the same day. */
export function diffReports(before: DailyReport, after: DailyReport): FigureChange[] {
  const a = new Map(flattenReport(before));
  const b = new Map(flattenReport(after));
  const changes: FigureChange[] = [];
  for (const figure of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(figure);
    const y = b.get(figure);
    if (x === y) continue;
    const delta = typeof x === 'number' && typeof y === 'number' ? Math.round((y - x) * 1e6) / 1e6 : null;
    changes.push({ figure, before: x, after: y, delta });
  }
  return changes;
}

/** The report's sections that a version closed before they existed lacks. */
const LATER_SECTIONS = ['energy', 'pricing'] as const;

/** What the figures were computed with, not figures: a change there alone restates nothing. */
const ASSUMPTIONS = ['pricing'] as const;

const inSection = (c: FigureChange, section: string) => c.figure === section || c.figure.startsWith(`${section}.`);

/**
 * A closed version's restatement: the figures that differ from the report computed now. A
 * section the version predates (energy, for days closed before it) is not by itself a
 * restatement, so a new release does not reopen every closed day; nor is a change of the
 * pricing assumptions that moves no figure (a price book for a model the day did not serve).
 * Either joins the next version when some figure of the version has changed.
 */
export function restatementChanges(version: DailyReport, now: DailyReport): FigureChange[] {
  const changes = diffReports(version, now);
  const added = LATER_SECTIONS.filter((section) => version[section] === undefined);
  const restates = (c: FigureChange) => ![...added, ...ASSUMPTIONS].some((section) => inSection(c, section));
  return changes.some(restates) ? changes : [];
}
