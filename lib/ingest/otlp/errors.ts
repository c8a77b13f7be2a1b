/** Why an OTLP trace export was refused, with the HTTP status to answer (the OTLP/HTTP spec: 400 for a body that cannot be read, 415 for an unsupported Content-Type). */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';

  constructor(
    readonly status: 400 | 415,
    message: string,
  ) {
    super(message);
  }
}
