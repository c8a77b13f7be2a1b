/**
 * ExportTraceServiceResponse, in the encoding the request came in: empty when every span was
 * accepted; else `partial_success` with the rejected spans and why (OTLP/HTTP: the sender
 * must not retry those). Two fields of one nested message: encoded here, not through protobufjs.
 */
export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

const field = (tag: number, wire: number) => varint((tag << 3) | wire);

export function encodeTraceResponse(partial: PartialSuccess | null): Uint8Array {
  if (!partial) return new Uint8Array(0);
  const message = Buffer.from(partial.errorMessage, 'utf8');
  const inner = [...field(1, 0), ...varint(partial.rejectedSpans), ...field(2, 2), ...varint(message.length), ...message];
  return Uint8Array.from([...field(1, 2), ...varint(inner.length), ...inner]);
}

export function traceResponseJson(partial: PartialSuccess | null): object {
  return partial ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {};
}
