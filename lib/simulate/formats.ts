import { fleetLayout } from './fleet';
import { OtlpSpanWriter } from './otlp';
import type { FleetProfile } from './profile';
import { PrometheusScrapeWriter } from './prometheus';
import { canonicalJsonlWriter, type RecordWriter } from './write';

/**
 * The forms a simulated fleet is written in: `canonical` JSONL (every record), `prometheus`
 * scrapes (the GPU samples and node states, as SGLang and dcgm-exporter expose them) and `otlp`
 * traces (the sampled requests as GenAI spans). The last two are what a real fleet exports;
 * loaded together they give the same daily report as the canonical file. Expert loads have
 * neither form.
 */
export const OUTPUT_FORMATS = ['canonical', 'prometheus', 'otlp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const isOutputFormat = (name: string): name is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(name);

/**
 * The metric mapping a `prometheus` file of `profile` is read with: its DP ranks count across a
 * unit's nodes, so the GPU is the rank modulo the GPUs per node.
 */
export const scrapeMapping = (profile: FleetProfile) => ({ gpusPerNode: profile.gpusPerNode });

/** Each node's first DP rank in its serving unit (its position in the unit × GPUs per node). */
export function unitRanks(profile: FleetProfile): Map<string, number> {
  const ranks = new Map<string, number>();
  const { units } = fleetLayout(profile);
  for (const unit of [...units.prefill, ...units.decode]) unit.forEach((node, i) => ranks.set(node, i * profile.gpusPerNode));
  return ranks;
}

/** The model most of the profile's requests ask for: the simulator does not tie nodes to models, so every engine is labelled with it. */
const mainModel = (profile: FleetProfile) => profile.models.reduce((a, b) => (b.share > a.share ? b : a)).model;

export function recordWriter(format: OutputFormat, profile: FleetProfile, sampleIntervalS: number): RecordWriter {
  switch (format) {
    case 'canonical': return canonicalJsonlWriter();
    case 'prometheus':
      return new PrometheusScrapeWriter({
        gpuModelName: `NVIDIA ${profile.gpuType}`, modelName: mainModel(profile), scrapeIntervalS: sampleIntervalS, firstRank: unitRanks(profile),
      });
    case 'otlp': return new OtlpSpanWriter();
  }
}
