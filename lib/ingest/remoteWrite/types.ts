/** What decoding one remote write request gives the route. */
import type { MetricSample, MetricType, Series } from '@/lib/ingest/metrics/types';
import type { RemoteWriteVersion } from '@/lib/ingest/remoteWrite/media';

/** A series as remote write carries it: 2.0 may add when its counter (or histogram) started. */
export interface RemoteWriteSeries extends Series {
  /**
   * Epoch ms the series started counting (2.0's created_timestamp, or its samples' start_timestamp,
   * the latest when they differ); null when not sent, and always null in 1.0.
   */
  readonly created: number | null;
}

export interface RemoteWriteSample extends MetricSample {
  series: RemoteWriteSeries;
  /** Remote write samples always carry their timestamp. */
  ts: number;
}

/** A family's metadata as the request declares it, for callers that remember types across requests (1.0 sends metadata in requests of its own). */
export interface FamilyMetadata {
  family: string;
  type: MetricType;
  help: string;
  unit: string;
}

export interface DecodedWrite {
  version: RemoteWriteVersion;
  /** In request order; `line` is 0 (protobuf has no lines). */
  samples: RemoteWriteSample[];
  /** Distinct series among the samples. */
  series: number;
  /** Native histogram samples, which FleetLedger does not read. */
  histogramsSkipped: number;
  exemplarsSkipped: number;
  /** Prometheus's staleness markers (a series gone from its target), which are no measurement. */
  staleMarkersSkipped: number;
  metadata: FamilyMetadata[];
}

export const METRIC_TYPE_OF_ENUM: readonly MetricType[] = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];
