/**
 * Writes a simulated fleet's canonical telemetry as JSONL (gzip when FILE ends in .gz).
 * Usage: npm run simulate -- --profile NAME [--scale F] [--seed N] [--from ISO] [--to ISO | --hours H]
 *                            [--expert-layers L,L,...] [--sample-interval S] --out FILE
 */
import { Command } from 'commander';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { PROFILES, profileByName } from '@/lib/simulate/profiles';
import { simulate } from '@/lib/simulate/simulate';
import { RecordTally } from '@/lib/simulate/tally';
import { writeJsonl } from '@/lib/simulate/write';

const program = new Command('simulate')
  .usage('--profile NAME [--scale F] [--seed N] [--from ISO] [--to ISO | --hours H] [--sample-interval S] --out FILE')
  .description(`write a fleet's canonical telemetry (JSONL, .gz compressed); profiles: ${Object.keys(PROFILES).join(', ')}`)
  .requiredOption('--profile <name>', 'fleet profile')
  .requiredOption('--out <file>', 'output file (.gz: gzip), or - for stdout')
  .option('--scale <f>', 'sampling rate of request records (counters are always complete)', '0.001')
  .option('--seed <n>', 'random seed', '1')
  .option('--from <iso>', "start (default: the profile's start)")
  .option('--to <iso>', "end (default: the profile's end)")
  .option('--hours <h>', 'length from the start, instead of --to')
  .option('--expert-layers <list>', "MoE layers to write expert_load for, comma-separated, or 'none' (default: the profile's)")
  .option('--sample-interval <seconds>', 'seconds each gpu_sample covers, a multiple of 10 (counters stay complete: fewer, larger samples)', '10')
  .option('--offline-at-end', 'end the window with an offline event per node (the data stops there)')
  .option('--quiet', 'no summary on stderr')
  .parse();

interface Options {
  profile: string; out: string; scale: string; seed: string; from?: string; to?: string; hours?: string; expertLayers?: string; sampleInterval: string; offlineAtEnd?: boolean; quiet?: boolean;
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
  const profile = { ...base, expertLayers };
  const start = opts.from ? instant('--from', opts.from) : profile.window.start;
  if (opts.to && opts.hours) throw new Error('give --to or --hours, not both');
  const end = opts.to ? instant('--to', opts.to) : opts.hours ? start + number('--hours', opts.hours) * 3_600_000 : profile.window.end;
  const window = { start, end };
  const tally = new RecordTally(window);
  const started = Date.now();
  const records = simulate(profile, {
    seed: number('--seed', opts.seed), scale: number('--scale', opts.scale), window, sampleIntervalS: number('--sample-interval', opts.sampleInterval), offlineAtEnd: opts.offlineAtEnd,
  });
  const written = await writeJsonl(tallied(records, tally), opts.out === '-' ? process.stdout : opts.out);
  if (opts.quiet) return;
  const f = tally.finish().figures();
  const r = written.records;
  const B = (n: number) => `${(n / 1e9).toFixed(3)}B`;
  console.error(
    [
      `${opts.out}: ${r.node_event} node_event, ${r.gpu_sample} gpu_sample, ${r.request} request, ${r.expert_load} expert_load records; ${(written.bytes / 1e6).toFixed(1)} MB of JSONL in ${((Date.now() - started) / 1000).toFixed(1)} s`,
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
