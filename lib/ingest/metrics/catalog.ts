/**
 * The alias table: which engine and exporter metrics FleetLedger reads, and what each means for
 * a GPU sample. Names are matched after normalising (`normaliseName`): a `ray_` prefix dropped,
 * `:` read as `_`, and a counter's `_total` dropped, so `vllm:prompt_tokens_total`,
 * `vllm_prompt_tokens_total` and `ray_vllm_prompt_tokens_total` are one metric. Metrics that
 * were renamed across engine versions share a `meaning`, so a fleet that upgraded mid-day reads
 * as one series; where a GPU reports both names, the higher `rank` is read and the other skipped.
 * docs/formats.md has one table per engine generated from the same facts.
 */

/** Where a metric lands in a GPU sample (before the per-row rules of lib/ingest/metrics/rows.ts). */
export type Quantity =
  | 'inputTokens'
  | 'cachedTokens'
  | 'outputTokens'
  | 'requests'
  | 'promptBySource'
  | 'runningRequests'
  | 'kvCacheTokens'
  | 'kvCacheCapacity'
  | 'kvCacheUsage'
  | 'utilPct'
  | 'memUsedBytes'
  | 'powerW'
  | 'energyJ'
  | 'cacheConfig';

export type Engine = 'vllm' | 'sglang' | 'dynamo' | 'dcgm';

/** `engine` rows carry a role and tokens; `hardware` rows (DCGM) fold into the same GPU's engine rows. */
export type Stream = 'engine' | 'hardware';

export interface MetricMeaning {
  /** One id per meaning: aliases of a renamed metric share it. */
  meaning: string;
  engine: Engine;
  quantity: Quantity;
  /** Counters become increases per interval; gauges are read as of the sample; info carries labels. */
  kind: 'counter' | 'gauge' | 'info';
  /** Multiplies the exposed value into the quantity's unit (MiB → bytes, mJ → J). */
  scale: number;
  /** The value counts KV-cache blocks: × the engine's block size (from its cache-config info). */
  blocks?: boolean;
  stream: Stream;
  /** Among aliases of one meaning, the higher rank wins where both are reported. */
  rank: number;
  /** The name as the engine exposes it today, for messages and docs. */
  exposed: string;
}

type Entry = Omit<MetricMeaning, 'scale' | 'rank' | 'stream'> & Partial<Pick<MetricMeaning, 'scale' | 'rank' | 'stream'>>;

const MIB = 1024 * 1024;

const ENTRIES: Record<string, Entry> = {
  // vLLM (v1 engine; v0 names where they differ). Labels: model_name, engine (the DP rank).
  vllm_prompt_tokens: { meaning: 'vllm.prompt', engine: 'vllm', quantity: 'inputTokens', kind: 'counter', exposed: 'vllm:prompt_tokens_total' },
  vllm_prompt_tokens_by_source: { meaning: 'vllm.prompt_by_source', engine: 'vllm', quantity: 'promptBySource', kind: 'counter', exposed: 'vllm:prompt_tokens_by_source_total' },
  vllm_generation_tokens: { meaning: 'vllm.generation', engine: 'vllm', quantity: 'outputTokens', kind: 'counter', exposed: 'vllm:generation_tokens_total' },
  vllm_prefix_cache_hits: { meaning: 'vllm.prefix_hits', engine: 'vllm', quantity: 'cachedTokens', kind: 'counter', rank: 2, exposed: 'vllm:prefix_cache_hits_total' },
  vllm_gpu_prefix_cache_hits: { meaning: 'vllm.prefix_hits', engine: 'vllm', quantity: 'cachedTokens', kind: 'counter', blocks: true, rank: 1, exposed: 'vllm:gpu_prefix_cache_hits_total' },
  vllm_request_success: { meaning: 'vllm.request_success', engine: 'vllm', quantity: 'requests', kind: 'counter', exposed: 'vllm:request_success_total' },
  vllm_num_requests_running: { meaning: 'vllm.running', engine: 'vllm', quantity: 'runningRequests', kind: 'gauge', exposed: 'vllm:num_requests_running' },
  vllm_kv_cache_usage_perc: { meaning: 'vllm.kv_usage', engine: 'vllm', quantity: 'kvCacheUsage', kind: 'gauge', rank: 2, exposed: 'vllm:kv_cache_usage_perc' },
  vllm_gpu_cache_usage_perc: { meaning: 'vllm.kv_usage', engine: 'vllm', quantity: 'kvCacheUsage', kind: 'gauge', rank: 1, exposed: 'vllm:gpu_cache_usage_perc' },
  vllm_cache_config_info: { meaning: 'vllm.cache_config', engine: 'vllm', quantity: 'cacheConfig', kind: 'info', exposed: 'vllm:cache_config_info' },

  // SGLang. Labels: model_name, engine_type (prefill/decode in PD), dp_rank, tp_rank, moe_ep_rank.
  sglang_prompt_tokens: { meaning: 'sglang.prompt', engine: 'sglang', quantity: 'inputTokens', kind: 'counter', exposed: 'sglang:prompt_tokens_total' },
  sglang_generation_tokens: { meaning: 'sglang.generation', engine: 'sglang', quantity: 'outputTokens', kind: 'counter', exposed: 'sglang:generation_tokens_total' },
  sglang_cached_tokens: { meaning: 'sglang.cached', engine: 'sglang', quantity: 'cachedTokens', kind: 'counter', exposed: 'sglang:cached_tokens_total' },
  sglang_num_requests: { meaning: 'sglang.requests', engine: 'sglang', quantity: 'requests', kind: 'counter', exposed: 'sglang:num_requests_total' },
  sglang_num_running_reqs: { meaning: 'sglang.running', engine: 'sglang', quantity: 'runningRequests', kind: 'gauge', exposed: 'sglang:num_running_reqs' },
  sglang_num_used_tokens: { meaning: 'sglang.kv_used', engine: 'sglang', quantity: 'kvCacheTokens', kind: 'gauge', exposed: 'sglang:num_used_tokens' },
  sglang_max_total_num_tokens: { meaning: 'sglang.kv_capacity', engine: 'sglang', quantity: 'kvCacheCapacity', kind: 'gauge', exposed: 'sglang:max_total_num_tokens' },
  sglang_token_usage: { meaning: 'sglang.kv_usage', engine: 'sglang', quantity: 'kvCacheUsage', kind: 'gauge', exposed: 'sglang:token_usage' },

  // NVIDIA Dynamo workers: KV statistics per DP rank (the `kvstats_` infix was dropped in newer releases).
  // Token counts come from the engine metrics the workers pass through (vllm:*, sglang:*).
  dynamo_component_total_blocks: { meaning: 'dynamo.kv_total', engine: 'dynamo', quantity: 'kvCacheCapacity', kind: 'gauge', blocks: true, rank: 2, exposed: 'dynamo_component_total_blocks' },
  dynamo_component_kvstats_total_blocks: { meaning: 'dynamo.kv_total', engine: 'dynamo', quantity: 'kvCacheCapacity', kind: 'gauge', blocks: true, rank: 1, exposed: 'dynamo_component_kvstats_total_blocks' },
  dynamo_component_kvstats_active_blocks: { meaning: 'dynamo.kv_active', engine: 'dynamo', quantity: 'kvCacheTokens', kind: 'gauge', blocks: true, exposed: 'dynamo_component_kvstats_active_blocks' },
  dynamo_component_gpu_cache_usage_percent: { meaning: 'dynamo.kv_usage', engine: 'dynamo', quantity: 'kvCacheUsage', kind: 'gauge', rank: 2, exposed: 'dynamo_component_gpu_cache_usage_percent' },
  dynamo_component_kvstats_gpu_cache_usage_percent: { meaning: 'dynamo.kv_usage', engine: 'dynamo', quantity: 'kvCacheUsage', kind: 'gauge', rank: 1, exposed: 'dynamo_component_kvstats_gpu_cache_usage_percent' },
  dynamo_frontend_model_kv_cache_block_size: { meaning: 'dynamo.block_size', engine: 'dynamo', quantity: 'cacheConfig', kind: 'info', exposed: 'dynamo_frontend_model_kv_cache_block_size' },

  // NVIDIA dcgm-exporter. Labels: gpu, UUID, device, modelName, Hostname (and pod labels).
  DCGM_FI_DEV_GPU_UTIL: { meaning: 'dcgm.util', engine: 'dcgm', quantity: 'utilPct', kind: 'gauge', stream: 'hardware', exposed: 'DCGM_FI_DEV_GPU_UTIL' },
  DCGM_FI_DEV_FB_USED: { meaning: 'dcgm.fb_used', engine: 'dcgm', quantity: 'memUsedBytes', kind: 'gauge', scale: MIB, stream: 'hardware', exposed: 'DCGM_FI_DEV_FB_USED' },
  DCGM_FI_DEV_POWER_USAGE: { meaning: 'dcgm.power', engine: 'dcgm', quantity: 'powerW', kind: 'gauge', stream: 'hardware', exposed: 'DCGM_FI_DEV_POWER_USAGE' },
  DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: { meaning: 'dcgm.energy', engine: 'dcgm', quantity: 'energyJ', kind: 'counter', scale: 1e-3, stream: 'hardware', exposed: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION' },
};

export const CATALOG: ReadonlyMap<string, MetricMeaning> = new Map(
  Object.entries(ENTRIES).map(([name, e]) => [name, { scale: 1, rank: 1, stream: 'engine', ...e }]),
);

const RAY_PREFIX = 'ray_';

/** A sample name as the catalog keys it: no `ray_` prefix, `_` for `:`, no counter `_total`. */
export function normaliseName(name: string): string {
  let n = name.startsWith(RAY_PREFIX) ? name.slice(RAY_PREFIX.length) : name;
  if (n.includes(':')) n = n.replaceAll(':', '_');
  return n.endsWith('_total') ? n.slice(0, -'_total'.length) : n;
}

/**
 * What a sample name means: the metric itself, or the `_created` timestamp of a counter we
 * read (OpenMetrics: when the counter started from zero). Null for every other metric.
 */
export function lookupMetric(name: string): { meaning: MetricMeaning; created: boolean } | null {
  const direct = CATALOG.get(normaliseName(name));
  if (direct) return { meaning: direct, created: false };
  if (!name.endsWith('_created')) return null;
  const counter = CATALOG.get(normaliseName(name.slice(0, -'_created'.length)));
  return counter?.kind === 'counter' ? { meaning: counter, created: true } : null;
}
