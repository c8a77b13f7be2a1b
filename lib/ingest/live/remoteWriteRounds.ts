/**
 * Turns the remote-write journal into records, one round at a time: the bodies received at
 * least `settleMs` ago (so that the parts of one scrape, which Prometheus spreads over parallel
 * requests, are read together) are decoded, derived and stored under the day's live job. A
 * receiver that starts replays the rounds it may not have finished, after the rounds of the
 * staleness before them that rebuild each counter's previous value; what they store again is
 * skipped as duplicates, so every sample is stored once.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '@/lib/db/client';
import { BatchWriter } from '@/lib/db/ingest/writer';
import { claimFlushRound, claimRound, markRoundDone, pruneJournal, readRound, roundsToReplay, type JournalBody } from '@/lib/db/live/journal';
import { closeLiveJobsBefore, liveJob, setLiveJobNotices } from '@/lib/db/live/liveJob';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { RemoteWriteDecoder } from '@/lib/ingest/remoteWrite/decode';
import { MetricDeriver } from '@/lib/ingest/metrics/derive';
import type { MetricMapping } from '@/lib/ingest/metrics/mapping';
import type { MetricNotice } from '@/lib/ingest/metrics/notices';

export interface RoundOptions {
  mapping: MetricMapping;
  /** How long a body waits before it is read (the other parts of its scrapes arrive meanwhile). */
  settleMs: number;
  /** The most samples read in one round. */
  roundSamples: number;
  /** How long read bodies are kept (at least the staleness: a restart rebuilds counters from them). */
  keepMs: number;
  /** Rows wait this long in data time for late parts of their scrape (a later scrape releases them). */
  holdMs: number;
  /** With no body for this long (wall clock), the rows still held are stored. */
  quietMs: number;
}

export interface RoundResult {
  round: bigint;
  bodies: number;
  samples: number;
  accepted: number;
  duplicates: number;
}

export class RemoteWriteRounds {
  private readonly deriver: MetricDeriver;
  /** Keeps the series it has decoded, request after request: the deriver's plans are kept per series object. */
  private readonly decoder = new RemoteWriteDecoder();
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly options: RoundOptions,
  ) {
    this.deriver = new MetricDeriver({ mapping: options.mapping, scrapeTime: null, horizonMs: options.holdMs });
  }

  /** What the rounds could not place or skipped, since the receiver started. */
  notices(): MetricNotice[] {
    return this.deriver.notices.list();
  }

  /** Reads every round ready now; returns what each stored. */
  async drain(): Promise<RoundResult[]> {
    if (!this.started) {
      await this.replay();
      this.started = true;
    }
    const results: RoundResult[] = [];
    const claim = () => claimRound(this.db.pool, this.options.settleMs, this.options.roundSamples);
    for (let round = await claim(); round !== null; round = await claim()) {
      results.push(await this.process(round, await readRound(this.db.pool, round), false));
    }
    if (this.held) {
      const flush = await claimFlushRound(this.db.pool, this.options.quietMs);
      if (flush !== null) results.push(await this.process(flush, [], true));
    }
    if (results.length) await pruneJournal(this.db.pool, this.options.keepMs);
    return results;
  }

  /** Rounds a previous receiver may have left half-stored: read again, after those that rebuild the counters. */
  private async replay(): Promise<void> {
    for (const round of await roundsToReplay(this.db.pool, this.options.mapping.staleAfterMs + this.options.settleMs + this.options.quietMs)) {
      if (round.done) await this.derive(round.bodies, round.flush);
      else await this.process(round.id, round.bodies, round.flush);
    }
  }

  /** Rows are held back for late parts of their scrape. */
  private held = false;

  private async derive(bodies: JournalBody[], flush: boolean): Promise<{ records: CanonicalRecord[]; samples: number }> {
    let samples = 0;
    for (const b of bodies) {
      // A round is ~100k samples, ~0.3 s of work: the receiver's requests are answered in between.
      await nextTurn();
      const decoded = this.decoder.decode(b.body, b.contentType, null);
      for (const s of decoded.samples) {
        if (s.series.created !== null) this.deriver.addCreated(s.series, s.series.created);
        this.deriver.add(s);
        samples += 1;
      }
    }
    const records = flush ? this.deriver.flushHeld() : this.deriver.flush();
    this.held = !flush && (samples > 0 || this.held);
    return { records, samples };
  }

  private async process(round: bigint, bodies: JournalBody[], flush: boolean): Promise<RoundResult> {
    const { records, samples } = await this.derive(bodies, flush);
    let jobId: bigint | null = null;
    let accepted = 0;
    let duplicates = 0;
    if (records.length) {
      const at = bodies.at(-1)?.receivedAt ?? Date.now();
      await closeLiveJobsBefore(this.db, 'remote-write', at);
      jobId = await liveJob(this.db, 'remote-write', at, 'prometheus-remote-write');
      const writer = await BatchWriter.open(this.db, jobId, false);
      try {
        writer.add(records);
        const result = await writer.commit(await writer.seal(0));
        accepted = result.accepted;
        duplicates = result.duplicates;
      } finally {
        writer.release();
      }
      await setLiveJobNotices(this.db, jobId, this.notices());
    }
    await markRoundDone(this.db.pool, round, jobId);
    return { round, bodies: bodies.length, samples, accepted, duplicates };
  }
}
