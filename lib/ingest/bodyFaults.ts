/** Why an uploaded body stopped before its end: the ingest records the message as the job's reason. */
export class BodyFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The client disconnected (or aborted the upload) before the body's end. */
export class ClientGone extends BodyFault {
  constructor() {
    super('the client went away before the end of the upload');
  }
}

/** `Content-Encoding: gzip` on a body that is not gzip, or gzip cut or corrupt. */
export class BadGzip extends BodyFault {
  constructor(reason: string) {
    super(`the body is declared Content-Encoding: gzip but cannot be inflated (${reason})`);
  }
}
