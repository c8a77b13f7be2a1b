/**
 * Remote write 1.0: prometheus.WriteRequest (proto/remote.proto). Metadata comes per metric
 * family, in requests of its own every minute or so; a series takes the type of the family its
 * name belongs to, resolved as for a text exposition's `# TYPE` lines (FamilyDeclarations), so
 * declarations are kept across requests. A series met before is found by its label bytes.
 */
import { FamilyDeclarations } from '@/lib/ingest/metrics/family-declarations';
import type { MetricType } from '@/lib/ingest/metrics/types';
import { badProtobuf, WriteCollector } from '@/lib/ingest/remoteWrite/collect';
import { hashBytes, LabelGatherer, retyped, SeriesCache, type CachedSeries, type FamilyOf, type MutableSeries } from '@/lib/ingest/remoteWrite/series';
import { StringCache } from '@/lib/ingest/remoteWrite/strings';
import { METRIC_TYPE_OF_ENUM, type DecodedWrite } from '@/lib/ingest/remoteWrite/types';
import { FieldPath, LEN, VARINT, WireError, WireReader } from '@/lib/ingest/remoteWrite/wire';

const metricType = (value: number): MetricType => METRIC_TYPE_OF_ENUM[value] ?? 'unknown';
const METADATA_FIELDS = ['', 'type', 'metric_family_name', '', 'help', 'unit'];

export class WriteRequestDecoder {
  private readonly declarations = new FamilyDeclarations();
  private readonly cache: SeriesCache;
  private readonly labels = new LabelGatherer();
  /** Families by metric name under the current declarations generation. */
  private families = new Map<string, FamilyOf>();
  private familiesGeneration = -1;
  private requests = 0;
  /** The label strings of the request being read, made when it has a series not met before. */
  private strings: StringCache | null = null;
  private readonly typeOf = (metric: string): FamilyOf => {
    let found = this.families.get(metric);
    if (found === undefined) {
      found = this.declarations.familyOf(metric);
      this.families.set(metric, found);
    }
    return found;
  };

  constructor(maxCachedSeries: number) {
    this.cache = new SeriesCache(maxCachedSeries);
  }

  decode(body: Buffer): DecodedWrite {
    const at = new FieldPath('WriteRequest');
    const out = new WriteCollector(at, ++this.requests);
    const r = new WireReader(body);
    // Metadata may follow the series it types (field 3 after field 1), so series are read in a second pass.
    /** Where each timeseries' length prefix is. */
    const starts: number[] = [];
    try {
      while (r.pos < r.end) {
        const tag = r.uint32();
        const wireType = tag & 7;
        const field = tag >>> 3;
        if (field === 1) {
          at.part = 'timeseries';
          at.item = starts.length;
          r.expect(wireType, LEN, 'timeseries');
          starts.push(r.pos);
          r.pos = r.lengthEnd();
        } else if (field === 3) {
          at.part = 'metadata';
          at.item = out.metadata.length;
          r.expect(wireType, LEN, 'metadata');
          this.readMetadata(r, out);
        } else if (field === 4 || field === 5) {
          throw new WireError(`field ${field} is not part of a 1.0 WriteRequest; a remote write 2.0 body needs the Content-Type application/x-protobuf;proto=io.prometheus.write.v2.Request`, r.pos);
        } else r.skip(wireType);
        at.part = '';
        at.item = -1;
      }
      if (this.familiesGeneration !== this.declarations.generation) {
        this.families = new Map();
        this.familiesGeneration = this.declarations.generation;
      }
      this.strings = null;
      for (let i = 0; i < starts.length; i++) {
        r.pos = starts[i];
        this.readTimeSeries(r, i, out);
      }
    } catch (e) {
      throw e instanceof WireError ? badProtobuf(e, at) : e;
    }
    return out.finish('1.0');
  }

  private readMetadata(r: WireReader, out: WriteCollector): void {
    const outer = r.enter();
    let type: MetricType = 'unknown';
    let family = '';
    let help = '';
    let unit = '';
    while (r.pos < r.end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      out.at.field = METADATA_FIELDS[tag >>> 3] ?? '';
      switch (tag >>> 3) {
        case 1:
          r.expect(wireType, VARINT, 'type');
          type = metricType(r.uint32());
          break;
        case 2:
          r.expect(wireType, LEN, 'metric_family_name');
          family = r.string();
          break;
        case 4:
          r.expect(wireType, LEN, 'help');
          help = r.string();
          break;
        case 5:
          r.expect(wireType, LEN, 'unit');
          unit = r.string();
          break;
        default:
          r.skip(wireType);
      }
    }
    r.leave(outer);
    out.at.field = '';
    if (family === '') return;
    this.declarations.declareType(family, type);
    out.metadata.push({ family, type, help, unit });
  }

  /** First pass: samples read, labels only located; their bytes are the series' lookup key. */
  private readTimeSeries(r: WireReader, index: number, out: WriteCollector): void {
    out.beginSeries(index);
    const outer = r.enter();
    const start = r.pos;
    const end = r.end;
    let labelsStart = -1;
    let labelsEnd = -1;
    let contiguous = true;
    let samples = 0;
    while (r.pos < r.end) {
      const tagAt = r.pos;
      const tag = r.uint32();
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case 1:
          r.expect(wireType, LEN, 'labels');
          if (labelsStart < 0) labelsStart = tagAt;
          else if (labelsEnd !== tagAt) contiguous = false;
          r.pos = r.lengthEnd();
          labelsEnd = r.pos;
          break;
        case 2:
          r.expect(wireType, LEN, 'samples');
          out.readSample(r, samples++);
          break;
        case 3:
          out.exemplarsSkipped++;
          r.skip(wireType);
          break;
        case 4:
          out.histogramsSkipped++;
          r.skip(wireType);
          break;
        default:
          r.skip(wireType);
      }
    }
    r.leave(outer);
    const keyed = labelsStart >= 0 && contiguous;
    const hash = keyed ? hashBytes(r.buf, labelsStart, labelsEnd) : 0;
    let entry: CachedSeries | undefined = keyed ? this.cache.get(hash, r.buf, labelsStart, labelsEnd) : undefined;
    const generation = this.declarations.generation;
    if (entry === undefined) {
      const series = this.buildSeries(r, start, end, index, (this.strings ??= new StringCache(r.buf)), out.at);
      entry = { series, generation, request: -1, key: Buffer.from(r.buf.subarray(labelsStart, labelsEnd)) };
      if (keyed) this.cache.set(hash, entry);
    } else if (entry.generation !== generation) {
      entry.series = retyped(entry.series, this.typeOf(entry.series.name));
      entry.generation = generation;
    }
    out.endSeries(entry, 0);
  }

  /** Second pass, for a series not met before: decodes its labels. */
  private buildSeries(r: WireReader, start: number, end: number, index: number, strings: StringCache, at: FieldPath): MutableSeries {
    const resume = r.pos;
    const outer = r.end;
    r.pos = start;
    r.end = end;
    this.labels.reset();
    let label = 0;
    while (r.pos < r.end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      if (tag >>> 3 === 1) {
        at.part = 'labels';
        at.item = label++;
        this.readLabel(r, strings, at);
      } else r.skip(wireType);
    }
    at.part = '';
    at.item = -1;
    r.pos = resume;
    r.end = outer;
    return this.labels.build(index, this.typeOf);
  }

  private readLabel(r: WireReader, strings: StringCache, at: FieldPath): void {
    const outer = r.enter();
    let name = '';
    let value = '';
    let quoted = '""';
    while (r.pos < r.end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      const field = tag >>> 3;
      if (field === 1 || field === 2) {
        at.field = field === 1 ? 'name' : 'value';
        r.expect(wireType, LEN, at.field);
        const end = r.lengthEnd();
        if (field === 1) name = strings.read(r.pos, end);
        else {
          value = strings.read(r.pos, end);
          quoted = strings.lastQuoted();
        }
        r.pos = end;
      } else r.skip(wireType);
    }
    r.leave(outer);
    at.field = '';
    this.labels.add(name, value, quoted);
  }
}
