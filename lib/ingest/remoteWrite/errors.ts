/**
 * Why a remote write request was refused, with the HTTP status the route answers: 400 for a body
 * that cannot be read (bad snappy data, bad protobuf, a series the store cannot name), 413 for a
 * body that decompresses past the limit, 415 for a message type or encoding this receiver does
 * not speak. Prometheus drops a batch answered 4xx instead of retrying it, which is what a
 * malformed batch deserves; the message says what to fix.
 */
export type RemoteWriteStatus = 400 | 413 | 415;

export class RemoteWriteError extends Error {
  override name = 'RemoteWriteError';

  constructor(
    readonly status: RemoteWriteStatus,
    message: string,
  ) {
    super(message);
  }
}

/** 415: a Content-Type, `proto` parameter or Content-Encoding this receiver does not accept. */
export class UnsupportedRemoteWrite extends RemoteWriteError {
  override name = 'UnsupportedRemoteWrite';

  constructor(message: string) {
    super(415, message);
  }
}

/** 400: the body is not a readable request of the version its Content-Type names. */
export class MalformedRemoteWrite extends RemoteWriteError {
  override name = 'MalformedRemoteWrite';

  constructor(message: string) {
    super(400, message);
  }
}

/** 413: the body decompresses to more than the decoder accepts. */
export class RemoteWriteTooLarge extends RemoteWriteError {
  override name = 'RemoteWriteTooLarge';

  constructor(message: string) {
    super(413, message);
  }
}
