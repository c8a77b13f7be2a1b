/**
 * The columns of a stored row that its rollups and hours need, as the SELECT or RETURNING list
 * of the staged path and of the rebuilds (one spelling, so both sum the same values).
 * `t` is the table's alias.
 */

/** A request row as AttentionRequest. */
export const requestColumns = (t: string) =>
  `extract(epoch FROM ${t}.arrived_at)::float8 * 1000 AS "arrivedAt", ${t}.model_id AS "modelId", ${t}.source,
   ${t}.input_tokens AS "inputTokens", ${t}.cached_tokens AS "cachedTokens", ${t}.output_tokens AS "outputTokens",
   ${t}.sample_weight AS "sampleWeight", extract(epoch FROM ${t}.first_token_at)::float8 * 1000 AS "firstTokenAt",
   extract(epoch FROM ${t}.finished_at)::float8 * 1000 AS "finishedAt",
   ${t}.prefill_node_id AS "prefillNodeId", ${t}.prefill_gpu AS "prefillGpu"`;

/** A gpu_sample row as RollupSample. */
export const sampleColumns = (t: string) =>
  `extract(epoch FROM ${t}.ts)::float8 * 1000 AS ts, ${t}.interval_s AS "intervalS", ${t}.node_id AS "nodeId", ${t}.gpu, ${t}.role,
   ${t}.input_tokens AS "inputTokens", ${t}.cached_tokens AS "cachedTokens", ${t}.output_tokens AS "outputTokens", ${t}.requests,
   ${t}.dispatch_send_tokens AS "dispatchSendTokens", ${t}.dispatch_recv_tokens AS "dispatchRecvTokens",
   ${t}.running_requests AS "runningRequests", ${t}.kv_cache_tokens AS "kvCacheTokens", ${t}.kv_cache_capacity AS "kvCacheCapacity",
   ${t}.util_pct AS "utilPct", ${t}.power_w AS "powerW", ${t}.energy_j AS "energyJ"`;

/** An expert_load row as RollupExpertLoad. */
export const expertLoadColumns = (t: string) =>
  `extract(epoch FROM ${t}.ts)::float8 * 1000 AS ts, ${t}.interval_s AS "intervalS", ${t}.phase, ${t}.layer, ${t}.expert,
   ${t}.node_id AS "nodeId", ${t}.gpu, ${t}.tokens`;
