/**
 * The `#` lines of an exposition: `# HELP name text`, `# TYPE name type`, `# UNIT name unit`
 * and `# EOF`, read as Prometheus reads them (the keyword needs a blank on each side, the name
 * may be quoted, the text is what follows the one blank after the name); any other `#` line is
 * a plain comment.
 */
import { metricTypeNamed } from '@/lib/ingest/metrics/family-declarations';
import { metricNameEnd, readQuoted, shown, skipBlanks, type LineFault } from '@/lib/ingest/metrics/exposition-series';
import { detached } from '@/lib/ingest/metrics/series-table';
import type { MetricType } from '@/lib/ingest/metrics/types';

export type CommentLine =
  | { kind: 'comment' }
  | { kind: 'eof' }
  | { kind: 'help' | 'unit'; name: string; text: string }
  | { kind: 'type'; name: string; type: MetricType; typeName: string }
  | ({ kind: 'error' } & LineFault);

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const KNOWN_TYPES = 'counter, gauge, histogram, summary, untyped; OpenMetrics: gaugehistogram, info, stateset, unknown';
const OPEN_METRICS_ONLY_TYPES = new Set(['info', 'stateset', 'gaugehistogram', 'unknown']);

const isBlankChar = (c: number) => c === SPACE || c === TAB;

/** HELP text escapes: `\\` and `\n` only. */
const unescapeHelp = (text: string): string =>
  text.includes('\\') ? text.replace(/\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : text;

/** What a type name says of the format: OpenMetrics (true), the text format (false), either (null). */
export const formatOfType = (typeName: string): boolean | null =>
  typeName === 'untyped' ? false : OPEN_METRICS_ONLY_TYPES.has(typeName) ? true : null;

/** Reads a line whose first non-blank character is `#`. */
export function readComment(text: string): CommentLine {
  const hash = text.indexOf('#');
  // `#` not followed by a blank is a plain comment, as for Prometheus.
  if (!isBlankChar(text.charCodeAt(hash + 1))) return { kind: 'comment' };
  const at = skipBlanks(text, hash + 1);
  if (text.slice(at).trimEnd() === 'EOF') return { kind: 'eof' };
  const keyword = text.slice(at, at + 4);
  if ((keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') || !isBlankChar(text.charCodeAt(at + 4))) return { kind: 'comment' };
  const nameAt = skipBlanks(text, at + 4);
  let name: string;
  let nameEnd: number;
  if (text.charCodeAt(nameAt) === QUOTE) {
    const quoted = readQuoted(text, nameAt);
    if (quoted === null || quoted.text === '') return { kind: 'error', field: null, message: `the quoted metric name after # ${keyword} is not closed` };
    name = quoted.text;
    nameEnd = quoted.end;
  } else {
    nameEnd = metricNameEnd(text, nameAt);
    if (nameEnd === nameAt) return { kind: 'error', field: null, message: `expected a metric name after # ${keyword}, got ${shown(text, nameAt)}` };
    name = text.slice(nameAt, nameEnd);
  }
  if (nameEnd < text.length && !isBlankChar(text.charCodeAt(nameEnd))) {
    return { kind: 'error', field: name, message: `expected a space after the metric name in # ${keyword}, got ${shown(text, nameEnd)}` };
  }
  name = detached(name);
  // Prometheus drops the one blank that separates the name from the text.
  const rest = text.slice(nameEnd + 1);
  if (keyword === 'HELP') return { kind: 'help', name, text: detached(unescapeHelp(rest)) };
  if (keyword === 'UNIT') return { kind: 'unit', name, text: detached(rest.trim()) };
  const typeName = rest.trim();
  const type = metricTypeNamed(typeName);
  if (type !== undefined) return { kind: 'type', name, type, typeName };
  const message = typeName ? `unknown metric type "${typeName}" (known: ${KNOWN_TYPES})` : `# TYPE ${name} names no type`;
  return { kind: 'error', field: name, message };
}
