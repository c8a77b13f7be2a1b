/**
 * Numbers as Prometheus reads them. Sample values follow Go's strconv.ParseFloat minus what
 * Prometheus refuses on top (hexadecimal floats and `_` separators); JavaScript's Number() is
 * looser (it trims spaces, reads `0x1F`, `Infinity` and "" as 0), so the syntax is checked first.
 * Timestamps are integer milliseconds in the text format and decimal seconds in OpenMetrics and
 * the HTTP API; seconds are converted to milliseconds on the decimal digits, so `.123` s is
 * exactly 123 ms (multiplying the float by 1000 is not exact).
 */

/** Why a number was refused; the caller words the message (`value "x" is not a number`). */
export type NumberFault = 'not a number' | 'out of range';

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const LOWER_E = 101;
const UPPER_E = 69;

const isDigit = (c: number) => c >= DIGIT_0 && c <= DIGIT_9;

/**
 * Where the Go decimal float syntax `[+-]? (d+ [.d*] | .d+) ([eE] [+-]? d+)?` ends in `text`
 * from `from`, or -1 when it does not match up to `to`.
 */
function decimalEnd(text: string, from: number, to: number): number {
  let i = from;
  let c = text.charCodeAt(i);
  if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
  let digits = 0;
  while (i < to && isDigit(c)) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (i < to && c === DOT) {
    c = text.charCodeAt(++i);
    while (i < to && isDigit(c)) {
      digits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return -1;
  if (i < to && (c === LOWER_E || c === UPPER_E)) {
    c = text.charCodeAt(++i);
    if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
    const expStart = i;
    while (i < to && isDigit(c)) c = text.charCodeAt(++i);
    if (i === expStart) return -1;
  }
  return i === to ? i : -1;
}

/** Go's special values: `NaN` (no sign), `Inf` and `Infinity` with an optional sign, any case. */
function special(token: string): number | undefined {
  const lower = token.toLowerCase();
  switch (lower) {
    case 'nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/** A sample value `text.slice(from, to)`, as Prometheus's parser accepts it. */
export function readFloat(text: string, from: number, to: number): number | NumberFault {
  if (from >= to) return 'not a number';
  if (decimalEnd(text, from, to) === to) {
    const value = Number(text.slice(from, to));
    // Go reports overflow as an error where Number() quietly gives ±Infinity.
    return value === Infinity || value === -Infinity ? 'out of range' : value;
  }
  return special(text.slice(from, to)) ?? 'not a number';
}

export const parseFloatText = (token: string): number | NumberFault => readFloat(token, 0, token.length);

/** A text-format timestamp: unsigned integer milliseconds (Prometheus lexes it as `[0-9]+`). */
export function readMillis(text: string, from: number, to: number): number | NumberFault {
  if (from >= to) return 'not a number';
  let ms = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return 'not a number';
    ms = ms * 10 + (c - DIGIT_0);
  }
  return ms > Number.MAX_SAFE_INTEGER ? 'out of range' : ms;
}

/**
 * Decimal seconds (Go float syntax, finite) as epoch milliseconds, computed on the digits:
 * `1740628800.123` becomes the decimal `1740628800123e0` before it is read as a double, so every
 * whole millisecond is exact and finer fractions are kept.
 */
export function secondsToMillis(token: string): number | NumberFault {
  const to = token.length;
  if (decimalEnd(token, 0, to) !== to) {
    const value = special(token);
    return value === undefined || Number.isNaN(value) ? 'not a number' : 'out of range';
  }
  let i = 0;
  let sign = '';
  const first = token.charCodeAt(0);
  if (first === PLUS || first === MINUS) {
    sign = first === MINUS ? '-' : '';
    i = 1;
  }
  let digits = '';
  let fractionDigits = 0;
  let exponent = 0;
  for (; i < to; i++) {
    const c = token.charCodeAt(i);
    if (c === DOT) {
      const mark = i + 1;
      while (i + 1 < to && isDigit(token.charCodeAt(i + 1))) i++;
      digits += token.slice(mark, i + 1);
      fractionDigits = i + 1 - mark;
    } else if (c === LOWER_E || c === UPPER_E) {
      exponent = Number(token.slice(i + 1));
      break;
    } else {
      const mark = i;
      while (i + 1 < to && isDigit(token.charCodeAt(i + 1))) i++;
      digits += token.slice(mark, i + 1);
    }
  }
  const ms = Number(`${sign}${digits || '0'}e${exponent + 3 - fractionDigits}`);
  return Number.isFinite(ms) ? ms : 'out of range';
}
