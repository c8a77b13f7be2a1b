/** What the 1.0 and 2.0 decoders share: one request's output, and the samples of the timeseries message being read. */
import { MalformedRemoteWrite } from '@/lib/ingest/remoteWrite/errors';
import type { RemoteWriteVersion } from '@/lib/ingest/remoteWrite/media';
import type { CachedSeries } from '@/lib/ingest/remoteWrite/series';
import type { DecodedWrite, FamilyMetadata, RemoteWriteSample } from '@/lib/ingest/remoteWrite/types';
import { FieldPath, I64, VARINT, WireReader, type WireError } from '@/lib/ingest/remoteWrite/wire';

export class WriteCollector {
  readonly samples: RemoteWriteSample[] = [];
  readonly metadata: FamilyMetadata[] = [];
  series = 0;
  histogramsSkipped = 0;
  exemplarsSkipped = 0;
  staleMarkersSkipped = 0;
  /** The latest start timestamp among the current message's samples (2.0), 0 when none. */
  latestStart = 0;
  /** Samples of the current timeseries message: its labels may follow them on the wire. */
  private readonly values: number[] = [];
  private readonly timestamps: number[] = [];
  private pending = 0;

  constructor(
    readonly at: FieldPath,
    /** This request's number, stamped on the series it meets. */
    private readonly request: number,
  ) {}

  beginSeries(index: number): void {
    this.pending = 0;
    this.latestStart = 0;
    this.at.series = index;
  }

  /** Reads one Sample message (value = 1, timestamp = 2, and 2.0's start_timestamp = 3) at the reader. */
  readSample(r: WireReader, item: number): void {
    const at = this.at;
    at.part = 'samples';
    at.item = item;
    const outer = r.enter();
    let value = 0;
    let ts = 0;
    let stale = false;
    while (r.pos < r.end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case 1:
          at.field = 'value';
          r.expect(wireType, I64, 'value');
          value = r.double();
          stale = value !== value && r.wasStaleMarker();
          break;
        case 2:
          at.field = 'timestamp';
          r.expect(wireType, VARINT, 'timestamp');
          ts = r.int64();
          break;
        case 3:
          at.field = 'start_timestamp';
          r.expect(wireType, VARINT, 'start_timestamp');
          this.latestStart = Math.max(this.latestStart, r.int64());
          break;
        default:
          r.skip(wireType);
      }
    }
    r.leave(outer);
    at.part = '';
    at.item = -1;
    at.field = '';
    if (stale) this.staleMarkersSkipped++;
    else {
      this.values[this.pending] = value;
      this.timestamps[this.pending] = ts;
      this.pending++;
    }
  }

  /** Ends the current timeseries message with its series: emits its samples. `created` is 2.0's series start time (0 = none). */
  endSeries(entry: CachedSeries, created: number): void {
    const series = entry.series;
    if (entry.request !== this.request) {
      entry.request = this.request;
      this.series++;
    }
    const start = created !== 0 ? created : this.latestStart;
    if (start !== 0 && (series.created === null || start > series.created)) series.created = start;
    for (let i = 0; i < this.pending; i++) this.samples.push({ series, ts: this.timestamps[i], value: this.values[i], line: 0 });
  }

  finish(version: RemoteWriteVersion): DecodedWrite {
    return {
      version,
      samples: this.samples,
      series: this.series,
      histogramsSkipped: this.histogramsSkipped,
      exemplarsSkipped: this.exemplarsSkipped,
      staleMarkersSkipped: this.staleMarkersSkipped,
      metadata: this.metadata,
    };
  }
}

/** A wire-format problem as the route reports it: which field of which timeseries, and the byte. */
export const badProtobuf = (e: WireError, at: FieldPath): MalformedRemoteWrite =>
  new MalformedRemoteWrite(`bad protobuf in ${at.toString()}: ${e.message} (byte ${e.offset})`);
