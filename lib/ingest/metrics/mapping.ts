/**
 * Which labels of a metric series name its node, its GPU (or DP rank) and its role. The
 * defaults read the labels the engines and exporters put there; a fleet whose labels differ
 * gives a mapping file (`--mapping FILE`, the Settings page) in the shape of `metricMappingSchema`.
 * A series the mapping cannot place is reported with the reason, never guessed.
 */
import { z } from 'zod';
import type { Role } from '@/lib/ingest/records';
import { MAX_GPU_INDEX } from '@/lib/ingest/validate';
import type { Labels } from './types';

/**
 * What an engine serves: one phase of a prefill/decode split (each side then counts only what
 * it alone does: the prefill side the prompt, the decode side the output and the requests), or
 * `both` (a unified engine: every counter counts; its rows carry the role `decode`).
 */
export const SERVING_KINDS = ['prefill', 'decode', 'idle', 'both'] as const;
export type ServingKind = (typeof SERVING_KINDS)[number];

export const metricMappingSchema = z
  .object({
    /** Labels naming the node, tried in order; then the host part of `instance`. */
    node: z.array(z.string().min(1)).min(1).optional(),
    /** Labels naming the GPU (or DP rank) within the node, tried in order; else GPU 0. */
    gpu: z.array(z.string().min(1)).min(1).optional(),
    /** Labels naming the role, tried in order. */
    role: z.array(z.string().min(1)).min(1).optional(),
    /** Role label values and what they mean: `prefill`, `decode`, `idle`, or `both` (an engine that serves both phases). */
    roleValues: z.record(z.string(), z.enum(SERVING_KINDS)).optional(),
    /** The role of engine series without a role label, where no node event gives one. */
    defaultRole: z.enum(SERVING_KINDS).optional(),
    /** Ranks count across the nodes of a serving unit (EP32 over four nodes): the GPU is the rank modulo this. */
    gpusPerNode: z.number().int().min(1).max(MAX_GPU_INDEX + 1).optional(),
    /** A node without samples for this long has left its role (Prometheus's staleness: 5 minutes). */
    staleAfterSeconds: z.number().positive().max(86_400).optional(),
    /** GPU type of nodes no dcgm-exporter series names (`H800`). */
    gpuType: z.string().min(1).max(64).optional(),
  })
  .strict();

export type MetricMappingInput = z.infer<typeof metricMappingSchema>;

export interface MetricMapping {
  node: readonly string[];
  gpu: readonly string[];
  role: readonly string[];
  roleValues: Readonly<Record<string, ServingKind>>;
  defaultRole: ServingKind | null;
  gpusPerNode: number | null;
  staleAfterMs: number;
  gpuType: string | null;
}

export const DEFAULT_MAPPING: MetricMapping = {
  node: ['node', 'Hostname', 'hostname'],
  gpu: ['gpu', 'dp_rank', 'tp_rank', 'engine'],
  role: ['engine_type', 'role', 'worker_type'],
  roleValues: { prefill: 'prefill', decode: 'decode', idle: 'idle', unified: 'both' },
  defaultRole: null,
  gpusPerNode: null,
  staleAfterMs: 300_000,
  gpuType: null,
};

/** The defaults as a mapping file would write them (for the Settings page). */
export function defaultMappingInput(): MetricMappingInput {
  const d = DEFAULT_MAPPING;
  return { node: [...d.node], gpu: [...d.gpu], role: [...d.role], roleValues: { ...d.roleValues }, staleAfterSeconds: d.staleAfterMs / 1000 };
}

/** A mapping file's settings over the defaults (role values are added to the default ones). */
export function resolveMapping(input: MetricMappingInput = {}): MetricMapping {
  return {
    node: input.node ?? DEFAULT_MAPPING.node,
    gpu: input.gpu ?? DEFAULT_MAPPING.gpu,
    role: input.role ?? DEFAULT_MAPPING.role,
    roleValues: { ...DEFAULT_MAPPING.roleValues, ...input.roleValues },
    defaultRole: input.defaultRole ?? null,
    gpusPerNode: input.gpusPerNode ?? null,
    staleAfterMs: (input.staleAfterSeconds ?? DEFAULT_MAPPING.staleAfterMs / 1000) * 1000,
    gpuType: input.gpuType ?? null,
  };
}

/** Where a series belongs, or why it cannot be placed. */
export type Placement = { node: string; gpu: number; serves: ServingKind | null } | { reason: string };

/** The role a GPU sample of an engine serving `kind` carries. */
export const roleOf = (kind: ServingKind): Role => (kind === 'both' ? 'decode' : kind);

/** `host:port`, `[v6]:port` or a bare host → the host. */
export function hostOfInstance(instance: string): string {
  if (instance.startsWith('[')) return instance.slice(1, instance.indexOf(']') > 0 ? instance.indexOf(']') : undefined);
  const colon = instance.lastIndexOf(':');
  return colon > 0 && instance.indexOf(':') === colon ? instance.slice(0, colon) : instance;
}

const firstLabel = (labels: Labels, names: readonly string[]): [string, string] | null => {
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') return [name, value];
  }
  return null;
};

/** Places a series by its labels under `mapping`. */
export function placeSeries(labels: Labels, mapping: MetricMapping): Placement {
  const nodeLabel = firstLabel(labels, mapping.node);
  const node = nodeLabel?.[1] ?? (labels.instance ? hostOfInstance(labels.instance) : null);
  if (!node) return { reason: `no node label (${[...mapping.node, 'instance'].join(', ')})` };
  if (node.length > 256) return { reason: `node name is longer than 256 characters` };

  const gpuLabel = firstLabel(labels, mapping.gpu);
  let gpu = 0;
  if (gpuLabel) {
    const [name, text] = gpuLabel;
    const rank = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(rank)) return { reason: `${name}="${text}" is not a GPU index` };
    gpu = mapping.gpusPerNode ? rank % mapping.gpusPerNode : rank;
    if (gpu > MAX_GPU_INDEX) return { reason: `${name}="${text}" is beyond GPU ${MAX_GPU_INDEX}: set gpusPerNode in the mapping when ranks count across nodes` };
  }

  const roleLabel = firstLabel(labels, mapping.role);
  if (!roleLabel) return { node, gpu, serves: mapping.defaultRole };
  const serves = mapping.roleValues[roleLabel[1]];
  if (!serves) {
    const known = Object.keys(mapping.roleValues).join(', ');
    return { reason: `${roleLabel[0]}="${roleLabel[1]}" is not a known role (${known}): map it with roleValues in the mapping` };
  }
  return { node, gpu, serves };
}

/** `NVIDIA H800`, `NVIDIA H100 80GB HBM3`, `NVIDIA A100-SXM4-80GB` → `H800`, `H100`, `A100`. */
export function gpuTypeOfModelName(modelName: string): string | null {
  const match = /\b([A-Z]{1,2}\d{2,4}[A-Z]?)\b/.exec(modelName.replace(/^NVIDIA\s+/i, '').replace(/-/g, ' '));
  return match ? match[1] : null;
}
