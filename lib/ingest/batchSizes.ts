/**
 * How many records each transaction of an ingest stores. The first batch is small and each next
 * one twice as large, up to the batch size: the first resolves the file's names and creates its
 * partitions, and the server starts storing rows after a few milliseconds of parsing instead of a
 * whole batch's. Near the end of an input of known size each batch is about half of what is
 * left, so that after the last line the database has one short transaction to finish, not a
 * whole batch (a 30,000-row batch left the parser idle for ~0.25 s at the end of a 1M-row ingest).
 */
export const FIRST_BATCH = 1_000;

export class BatchSizes {
  private readonly smallest: number;
  private next: number;

  /** @param totalBytes the input's size in bytes, when known (a file, a body of known length) */
  constructor(
    private readonly batchSize: number,
    private readonly totalBytes: number | null = null,
    smallest = Math.min(FIRST_BATCH, batchSize),
  ) {
    this.smallest = smallest;
    this.next = this.smallest;
  }

  /**
   * Every batch of the full size, for a replacing ingest: it stores one batch at a time (nothing
   * to overlap), and each batch rebuilds the rollups of the whole hours it touches, so small
   * batches read the same hours again and again (replacing 20k requests of an hour holding 1M
   * took 14.7 s in five ramping batches, 3.0 s in one).
   */
  static full(batchSize: number): BatchSizes {
    return new BatchSizes(batchSize, null, batchSize);
  }

  /** Whether a batch of `records` is due. */
  due(records: number): boolean {
    return records >= this.next;
  }

  /** Sizes the batch after the one just sent, `bytesRead` bytes and `lines` lines into the input. */
  sent(bytesRead: number, lines: number): void {
    this.next = Math.min(this.next * 2, this.batchSize);
    if (this.totalBytes === null || lines === 0 || bytesRead === 0) return;
    const linesLeft = ((this.totalBytes - bytesRead) * lines) / bytesRead;
    this.next = Math.max(this.smallest, Math.min(this.next, Math.ceil(linesLeft / 2)));
  }
}
