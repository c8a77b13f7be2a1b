/**
 * Remote write 2.0: io.prometheus.write.v2.Request (proto/write-v2.proto). Strings live once in
 * the request's symbol table and series refer to them by index; metadata comes with each series.
 * Symbol indices differ between requests, so each symbol gets a number that lasts across
 * requests, and a series met before is found by the numbers of its label symbols.
 */
import type { MetricType } from '@/lib/ingest/metrics/types';
import { badProtobuf, WriteCollector } from '@/lib/ingest/remoteWrite/collect';
import { MalformedRemoteWrite } from '@/lib/ingest/remoteWrite/errors';
import { familyOfTyped, hashBytes, LabelGatherer, retyped, SeriesCache, type CachedSeries, type FamilyOf } from '@/lib/ingest/remoteWrite/series';
import { RequestSymbols, SymbolNumbers } from '@/lib/ingest/remoteWrite/symbols-v2';
import { METRIC_TYPE_OF_ENUM, type DecodedWrite, type FamilyMetadata } from '@/lib/ingest/remoteWrite/types';
import { FieldPath, LEN, VARINT, WireError, WireReader } from '@/lib/ingest/remoteWrite/wire';

const UNKNOWN = 0;

/** State of one request. */
class RequestState {
  readonly at = new FieldPath('Request');
  readonly out: WriteCollector;
  readonly symbols: RequestSymbols;
  readonly metadataByFamily = new Map<string, FamilyMetadata>();

  constructor(request: number) {
    this.out = new WriteCollector(this.at, request);
    this.symbols = new RequestSymbols();
  }

  /** Fails unless `ref` is in the symbol table. */
  check(ref: number, what: string): void {
    if (ref >= this.symbols.length) {
      throw new MalformedRemoteWrite(`${this.at.toString()}: ${what} ${ref} is outside the symbol table (${this.symbols.length} symbols)`);
    }
  }

  symbol(ref: number, what: string): string {
    this.check(ref, what);
    return this.symbols.text(ref);
  }
}

export class RequestV2Decoder {
  private readonly cache: SeriesCache;
  private readonly symbolNumbers = new SymbolNumbers();
  private readonly labels = new LabelGatherer();
  private readonly refs: number[] = [];
  /** The lasting numbers of a series' label symbols, as the bytes it is looked up by. */
  private keyIds = new Uint32Array(64);
  private keyBytes = Buffer.from(this.keyIds.buffer);
  private refCount = 0;
  private requests = 0;
  /** Per metric type (by enum value), the family of each metric name met. */
  private readonly families: Map<string, FamilyOf>[] = METRIC_TYPE_OF_ENUM.map(() => new Map());
  private typeEnum = UNKNOWN;
  private readonly typeOf = (metric: string): FamilyOf => {
    const cache = this.families[this.typeEnum];
    let found = cache.get(metric);
    if (found === undefined) {
      const type: MetricType = METRIC_TYPE_OF_ENUM[this.typeEnum];
      found = { type, family: familyOfTyped(metric, type) };
      cache.set(metric, found);
    }
    return found;
  };

  constructor(private readonly maxCachedSeries: number) {
    this.cache = new SeriesCache(maxCachedSeries);
  }

  decode(body: Buffer): DecodedWrite {
    const state = new RequestState(++this.requests);
    const { at, symbols } = state;
    const r = new WireReader(body);
    /** Where each timeseries' length prefix is: they are read once every symbol is known. */
    const starts: number[] = [];
    try {
      while (r.pos < r.end) {
        const tag = r.uint32();
        const wireType = tag & 7;
        const field = tag >>> 3;
        if (field === 4) {
          at.part = 'symbols';
          at.item = symbols.length;
          r.expect(wireType, LEN, 'symbols');
          symbols.add(r.string());
        } else if (field === 5) {
          at.part = 'timeseries';
          at.item = starts.length;
          r.expect(wireType, LEN, 'timeseries');
          starts.push(r.pos);
          r.pos = r.lengthEnd();
        } else if (field >= 1 && field <= 3) {
          throw new WireError(`field ${field} is reserved in a 2.0 Request (it is 1.0's WriteRequest field); a 1.0 body must not be sent with proto=io.prometheus.write.v2.Request`, r.pos);
        } else r.skip(wireType);
        at.part = '';
        at.item = -1;
      }
      this.numberSymbols(state);
      for (let i = 0; i < starts.length; i++) {
        r.pos = starts[i];
        this.readTimeSeries(r, i, state);
      }
    } catch (e) {
      throw e instanceof WireError ? badProtobuf(e, at) : e;
    }
    return state.out.finish('2.0');
  }

  private numberSymbols(state: RequestState): void {
    // Numbers are only compared within the cache, so both start afresh together when they grow too many.
    if (this.symbolNumbers.size > 4 * this.maxCachedSeries) {
      this.symbolNumbers.clear();
      this.cache.clear();
    }
    state.symbols.numberAll(this.symbolNumbers);
  }

  private readTimeSeries(r: WireReader, index: number, state: RequestState): void {
    const { out, at } = state;
    out.beginSeries(index);
    this.refCount = 0;
    this.typeEnum = UNKNOWN;
    let created = 0;
    let samples = 0;
    let help = '';
    let unit = '';
    const outer = r.enter();
    while (r.pos < r.end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case 1:
          at.part = 'labels_refs';
          this.readLabelRefs(r, wireType);
          at.part = '';
          break;
        case 2:
          r.expect(wireType, LEN, 'samples');
          out.readSample(r, samples++);
          break;
        case 3:
          out.histogramsSkipped++;
          r.skip(wireType);
          break;
        case 4:
          out.exemplarsSkipped++;
          r.skip(wireType);
          break;
        case 5:
          at.part = 'metadata';
          r.expect(wireType, LEN, 'metadata');
          [help, unit] = this.readMetadata(r, state);
          at.part = '';
          break;
        case 6:
          at.field = 'created_timestamp';
          r.expect(wireType, VARINT, 'created_timestamp');
          created = r.int64();
          at.field = '';
          break;
        default:
          r.skip(wireType);
      }
    }
    r.leave(outer);
    const entry = this.seriesOf(index, state);
    out.endSeries(entry, created);
    const { family } = entry.series;
    if ((this.typeEnum !== UNKNOWN || help !== '' || unit !== '') && !state.metadataByFamily.has(family)) {
      const metadata = { family, type: METRIC_TYPE_OF_ENUM[this.typeEnum], help, unit };
      state.metadataByFamily.set(family, metadata);
      out.metadata.push(metadata);
    }
  }

  private readLabelRefs(r: WireReader, wireType: number): void {
    if (wireType === VARINT) {
      this.refs[this.refCount++] = r.uint32();
      return;
    }
    r.expect(wireType, LEN, 'labels_refs');
    const outer = r.enter();
    while (r.pos < r.end) this.refs[this.refCount++] = r.uint32();
    r.leave(outer);
  }

  /** Reads a Metadata message; returns its help and unit (its type goes to `typeEnum`). */
  private readMetadata(r: WireReader, state: RequestState): [help: string, unit: string] {
    const at = state.at;
    const outer = r.enter();
    let help = '';
    let unit = '';
    while (r.pos < r.end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case 1: {
          at.field = 'type';
          r.expect(wireType, VARINT, 'type');
          const value = r.uint32();
          this.typeEnum = value < METRIC_TYPE_OF_ENUM.length ? value : UNKNOWN;
          break;
        }
        case 3:
          at.field = 'help_ref';
          r.expect(wireType, VARINT, 'help_ref');
          help = state.symbol(r.uint32(), 'help_ref');
          break;
        case 4:
          at.field = 'unit_ref';
          r.expect(wireType, VARINT, 'unit_ref');
          unit = state.symbol(r.uint32(), 'unit_ref');
          break;
        default:
          r.skip(wireType);
      }
    }
    r.leave(outer);
    at.field = '';
    return [help, unit];
  }

  /** The series of the gathered label refs: found by their symbols' numbers, or built. */
  private seriesOf(index: number, state: RequestState): CachedSeries {
    const { refs, refCount } = this;
    const { at } = state;
    const symbolIds = state.symbols.ids;
    at.part = 'labels_refs';
    if (refCount % 2 !== 0) throw new MalformedRemoteWrite(`${at.toString()} holds ${refCount} refs; name and value refs come in pairs`);
    if (refCount > this.keyIds.length) {
      this.keyIds = new Uint32Array(refCount * 2);
      this.keyBytes = Buffer.from(this.keyIds.buffer);
    }
    const ids = this.keyIds;
    for (let i = 0; i < refCount; i++) {
      const ref = refs[i];
      if (ref >= symbolIds.length) {
        at.item = i;
        state.check(ref, i % 2 === 0 ? 'label name ref' : 'label value ref');
      }
      ids[i] = symbolIds[ref];
    }
    at.part = '';
    at.item = -1;
    const bytes = this.keyBytes;
    const end = refCount * 4;
    const hash = hashBytes(bytes, 0, end);
    let entry = this.cache.get(hash, bytes, 0, end);
    if (entry === undefined) {
      this.labels.reset();
      for (let i = 0; i < refCount; i += 2) {
        const value = refs[i + 1];
        this.labels.add(state.symbols.text(refs[i]), state.symbols.text(value), state.symbols.quotedText(value));
      }
      entry = { series: this.labels.build(index, this.typeOf), generation: 0, request: -1, key: Buffer.from(bytes.subarray(0, end)) };
      this.cache.set(hash, entry);
    } else entry.series = retyped(entry.series, this.typeOf(entry.series.name));
    return entry;
  }
}
