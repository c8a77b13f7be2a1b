/**
 * The series part of an exposition sample line, `name{label="value",...}`, read the way
 * Prometheus's text parser reads it: spaces and tabs allowed around every token, an optional
 * trailing comma (and, as Prometheus tolerates, no comma between pairs), label values with the
 * escapes `\\`, `\"` and `\n` (any other escape is kept as written), and Prometheus 3's quoted
 * UTF-8 names: `{"my.metric", "my.label"="x"}`. This is the slow path: the exposition parser
 * reads each distinct series text once and looks it up afterwards.
 */
import { detached, setLabel } from '@/lib/ingest/metrics/series-table';

export interface SeriesText {
  name: string;
  labels: Record<string, string>;
  /** Index just past the name or the closing brace. */
  end: number;
}

/** Why a line was refused; `field` is the metric or label name at fault when known. */
export interface LineFault {
  field: string | null;
  message: string;
}

export const isFault = (result: object): result is LineFault => 'message' in result;

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** `[a-zA-Z_:]`: may start a metric name (`:` is for recording rules and vLLM's `vllm:`). */
export const isMetricNameStart = (c: number) => isLetter(c) || c === 58;
const isMetricNameChar = (c: number) => isMetricNameStart(c) || isDigit(c);

/** The index of the first character at or after `i` that is not a space or tab. */
export function skipBlanks(line: string, i: number): number {
  let c = line.charCodeAt(i);
  while (c === SPACE || c === TAB) c = line.charCodeAt(++i);
  return i;
}

/** What stands at `i`, for messages: a few characters, or "the end of the line". */
export function shown(line: string, i: number): string {
  if (i >= line.length) return 'the end of the line';
  const rest = line.slice(i, i + 16);
  return JSON.stringify(line.length - i > 16 ? `${rest}…` : rest);
}

/** A metric name `[a-zA-Z_:][a-zA-Z0-9_:]*` starting at `from`: the index past it, or `from`. */
export function metricNameEnd(line: string, from: number): number {
  if (!isMetricNameStart(line.charCodeAt(from))) return from;
  let i = from + 1;
  while (i < line.length && isMetricNameChar(line.charCodeAt(i))) i++;
  return i;
}

/** The unescaped text of the quoted string opening at `from` and the index past it; null when the line ends first. */
export function readQuoted(line: string, from: number): { text: string; end: number } | null {
  let text = '';
  let mark = from + 1;
  for (let i = mark; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) return { text: text + line.slice(mark, i), end: i + 1 };
    if (c !== BACKSLASH) continue;
    const next = line.charCodeAt(i + 1);
    const replacement = next === BACKSLASH ? '\\' : next === QUOTE ? '"' : next === 110 ? '\n' : null;
    if (replacement !== null) {
      text += line.slice(mark, i) + replacement;
      mark = i + 2;
    }
    i++;
  }
  return null;
}

/** Reads `name`, `name{labels}` or `{"name", labels}` at `from` (the first non-blank of the line). */
export function readSeriesText(line: string, from: number): SeriesText | LineFault {
  const c = line.charCodeAt(from);
  if (c === OPEN_BRACE) return readLabels(line, from, null);
  if (c === QUOTE) return { field: null, message: 'a quoted metric name must stand inside the braces: {"name", ...}' };
  const nameEnd = metricNameEnd(line, from);
  if (nameEnd === from) return { field: null, message: `expected a metric name, got ${shown(line, from)}` };
  const name = detached(line.slice(from, nameEnd));
  const next = skipBlanks(line, nameEnd);
  if (line.charCodeAt(next) === OPEN_BRACE) return readLabels(line, next, name);
  return { name, labels: {}, end: nameEnd };
}

/** The label set opening at `open`; `name` is the metric name read before it, if any. */
function readLabels(line: string, open: number, name: string | null): SeriesText | LineFault {
  const labels: Record<string, string> = {};
  const field = (label: string | null) => label ?? name;
  let i = open + 1;
  for (;;) {
    i = skipBlanks(line, i);
    const c = line.charCodeAt(i);
    if (c === CLOSE_BRACE) break;
    if (i >= line.length) return { field: name, message: 'the label set is not closed with "}"' };
    let label: string;
    if (c === QUOTE) {
      const read = readQuoted(line, i);
      if (read === null) return { field: name, message: `the quoted name starting ${shown(line, i)} is not closed` };
      const quoted = read.text;
      i = skipBlanks(line, read.end);
      const after = line.charCodeAt(i);
      if (after === COMMA || after === CLOSE_BRACE) {
        if (name !== null) return { field: name, message: `the metric name is given twice ("${name}" and "${quoted}")` };
        if (quoted === '') return { field: null, message: 'the quoted metric name is empty' };
        name = detached(quoted);
        if (after === COMMA) i++;
        continue;
      }
      if (quoted === '') return { field: name, message: 'a quoted label name is empty' };
      label = quoted;
    } else if (isLetter(c)) {
      const start = i;
      while (++i < line.length && (isLetter(line.charCodeAt(i)) || isDigit(line.charCodeAt(i))));
      label = line.slice(start, i);
      i = skipBlanks(line, i);
    } else {
      return { field: name, message: `expected a label name, got ${shown(line, i)}` };
    }
    if (line.charCodeAt(i) !== EQUALS) return { field: field(label), message: `expected "=" after label name "${label}", got ${shown(line, i)}` };
    i = skipBlanks(line, i + 1);
    if (line.charCodeAt(i) !== QUOTE) return { field: field(label), message: `label value of "${label}" is not quoted: got ${shown(line, i)}` };
    const value = readQuoted(line, i);
    if (value === null) return { field: field(label), message: `label value of "${label}" is not closed` };
    const valueEnd = value.end;
    if (label === '__name__') return { field: label, message: 'label "__name__" cannot be set in the label set; write the name before the braces' };
    if (Object.hasOwn(labels, label)) return { field: label, message: `label "${label}" appears twice` };
    setLabel(labels, detached(label), detached(value.text));
    i = skipBlanks(line, valueEnd);
    const after = line.charCodeAt(i);
    if (i >= line.length) return { field: name, message: 'the label set is not closed with "}"' };
    if (after === COMMA) i++;
    else if (after !== CLOSE_BRACE && !(i > valueEnd && (isLetter(after) || after === QUOTE))) {
      return { field: label, message: `expected "," or "}" after the value of label "${label}", got ${shown(line, i)}` };
    }
  }
  if (name === null) return { field: null, message: 'the metric name is missing: no name before the braces nor a quoted one inside' };
  return { name, labels, end: i + 1 };
}
