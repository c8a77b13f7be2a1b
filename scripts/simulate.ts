/**
 * Writes a simulated fleet's telemetry (gzip when FILE ends in .gz): canonical JSONL, or what the
 * fleet's exporters would send — Prometheus scrapes of its GPU metrics, OTLP spans of its requests.
 * Usage: npm run simulate -- --profile NAME [--format canonical|prometheus|otlp] [--scale F] [--seed N]
 *                            [--from ISO] [--to ISO | --hours H] [--expert-layers L,L,...] [--expert-interval S] [--expert-units N]
 *                            [--sample-interval S] --out FILE
 */
import { Command, Option } from 'commander';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { OUTPUT_FORMATS, recordWriter, scrapeMapping, type OutputFormat } from '@/lib/simulate/formats';
import { PROFILES, profileByName } from '@/lib/simulate/profiles';
import { simulate } from '@/lib/simulate/simulate';
import { RecordTally } from '@/lib/simulate/tally';
import { writeRecords } from '@/lib/simulate/write';

const FORMATS_HELP = `
Formats (--format):
  canonical   canonical JSONL of every record (the default)
  prometheus  Prometheus text exposition with millisecond timestamps, one scrape per sample interval
              (at most 300 s apart, Prometheus's staleness) in time order: SGLang's counters and
              gauges per DP rank of every serving node, dcgm-exporter's per GPU of every node not
              offline. No node events: the metrics imply them. DP ranks count across a serving
              unit's nodes: ingest with --mapping FILE, FILE holding {"gpusPerNode":8}.
              Expert loads, requests and dispatch counts are left out (they have no metric here).
  otlp        OTLP/JSON traces as the Collector's file exporter writes them (one export per line):
              one GenAI span per sampled request, and nothing else.
A prometheus and an otlp file of one run, ingested together, give the daily report the canonical
file gives; write all three with --offline-at-end, as the metrics end each node's service where
the data ends.`;

const program = new Command('simulate')
  .usage('--profile NAME [--format canonical|prometheus|otlp] [--scale F] [--seed N] [--from ISO] [--to ISO | --hours H] [--sample-interval S] --out FILE')
  .description(`write a fleet's telemetry (.gz compressed); profiles: ${Object.keys(PROFILES).join(', ')}`)
  .requiredOption('--profile <name>', 'fleet profile')
  .addOption(new Option('--format <name>', 'what to write (below)').choices(OUTPUT_FORMATS).default('canonical'))
  .requiredOption('--out <file>', 'output file (.gz: gzip), or - for stdout')
  .option('--scale <f>', 'sampling rate of request records (counters are always complete)', '0.001')
  .option('--seed <n>', 'random seed', '1')
  .option('--from <iso>', "start (default: the profile's start)")
  .option('--to <iso>', "end (default: the profile's end)")
  .option('--hours <h>', 'length from the start, instead of --to')
  .option('--expert-layers <list>', "MoE layers to write expert_load for, comma-separated, or 'none' (default: the profile's)")
  .option('--expert-interval <seconds>', "seconds each expert_load covers (default: the profile's)")
  .option('--expert-units <n>', 'write expert loads for the first N units of each role only (each unit is one whole EPLB placement; default: every unit)')
  .option('--sample-interval <seconds>', 'seconds each gpu_sample covers, a multiple of 10 (counters stay complete: fewer, larger samples)', '10')
  .option('--offline-at-end', 'end the window with an offline event per node (the data stops there)')
  .option('--quiet', 'no summary on stderr')
  .addHelpText('after', FORMATS_HELP)
  .parse();

interface Options {
  profile: string; format: OutputFormat; out: string; scale: string; seed: string; from?: string; to?: string; hours?: string; expertLayers?: string; expertInterval?: string; expertUnits?: string; sampleInterval: string; offlineAtEnd?: boolean; quiet?: boolean;
}

function instant(flag: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${flag}: not an ISO 8601 instant: ${iso}`);
  return ms;
}

function number(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`${flag}: not a number: ${text}`);
  return n;
}

function* tallied(records: Iterable<CanonicalRecord>, tally: RecordTally): Generator<CanonicalRecord> {
  for (const record of records) {
    tally.add(record);
    yield record;
  }
}

async function main(): Promise<void> {
  const opts = program.opts<Options>();
  const base = profileByName(opts.profile);
  const expertLayers = opts.expertLayers === undefined ? base.expertLayers
    : opts.expertLayers === 'none' ? [] : opts.expertLayers.split(',').map((l) => number('--expert-layers', l));
  const profile = {
    ...base,
    expertLayers,
    expertIntervalS: opts.expertInterval === undefined ? base.expertIntervalS : number('--expert-interval', opts.expertInterval),
    expertUnits: opts.expertUnits === undefined ? base.expertUnits : number('--expert-units', opts.expertUnits),
  };
  const start = opts.from ? instant('--from', opts.from) : profile.window.start;
  if (opts.to && opts.hours) throw new Error('give --to or --hours, not both');
  const end = opts.to ? instant('--to', opts.to) : opts.hours ? start + number('--hours', opts.hours) * 3_600_000 : profile.window.end;
  const window = { start, end };
  const tally = new RecordTally(window);
  const started = Date.now();
  const sampleIntervalS = number('--sample-interval', opts.sampleInterval);
  const writer = recordWriter(opts.format, profile, sampleIntervalS);
  const records = simulate(profile, {
    seed: number('--seed', opts.seed), scale: number('--scale', opts.scale), window, sampleIntervalS, offlineAtEnd: opts.offlineAtEnd,
  });
  const written = await writeRecords(tallied(records, tally), opts.out === '-' ? process.stdout : opts.out, writer);
  if (opts.quiet) return;
  const f = tally.finish().figures();
  const counts = (of: Record<RecordType, number>) => (Object.entries(of) as [RecordType, number][]).filter(([, n]) => n > 0).map(([type, n]) => `${n} ${type}`).join(', ') || 'none';
  const B = (n: number) => `${(n / 1e9).toFixed(3)}B`;
  const leftOut = Object.values(written.leftOut).some((n) => n > 0) ? `; left out: ${counts(written.leftOut)}` : '';
  console.error(
    [
      `${opts.out}: ${opts.format} of ${counts(written.records)} records${leftOut}; ${(written.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ...(opts.format === 'prometheus' ? [`ingest it with a mapping file holding ${JSON.stringify(scrapeMapping(profile))} (npm run -s ingest -- --mapping FILE ${opts.out})`] : []),
      `window ${new Date(start).toISOString()} – ${new Date(end).toISOString()}: nodes avg ${f.avgNodes.toFixed(2)}, peak ${f.peakNodes}; ${f.gpuHours.toFixed(1)} GPU-hours`,
      `tokens: input ${B(f.tokens.input)} (cache hits ${(100 * f.tokens.cacheHitRatio).toFixed(2)}%), output ${B(f.tokens.output)}; per node: prefill ${f.prefillPerNode.toFixed(0)}/s, decode ${f.decodePerNode.toFixed(0)}/s`,
      `requests: ${f.weightedRequests.toFixed(0)} weighted, coverage input ${f.requestCoverage.input.toFixed(4)} output ${f.requestCoverage.output.toFixed(4)}; KV length per output token ${f.kvLengthPerOutputToken.toFixed(0)}, mean output speed ${f.meanOutputSpeed.toFixed(2)} tokens/s`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
