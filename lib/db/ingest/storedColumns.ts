/**
 * The columns of a stored row that its rollups and hours need, as the SELECT or RETURNING list
 * of the staged path and of the rebuilds (one spelling, so both sum the same values).
 * `t` is the table's alias.
 */

/**
 * Epoch milliseconds of a timestamptz, spelled with immutable functions only (extract from a
 * timestamptz is stable): Citus refuses anything else in the RETURNING list of a sharded DELETE.
 */
export const epochMs = (column: string) => `extract(epoch FROM ${column} - timestamptz '1970-01-01 00:00:00+00')::float8 * 1000`;

/** A request row as AttentionRequest. */
export const requestColumns = (t: string) =>
  `${epochMs(`${t}.arrived_at`)} AS "arrivedAt", ${t}.model_id AS "modelId", ${t}.source,
   ${t}.input_tokens AS "inputTokens", ${t}.cached_tokens AS "cachedTokens", ${t}.output_tokens AS "outputTokens",
   ${t}.sample_weight AS "sampleWeight", ${epochMs(`${t}.first_token_at`)} AS "firstTokenAt",
   ${epochMs(`${t}.finished_at`)} AS "finishedAt",
   ${t}.prefill_node_id AS "prefillNodeId", ${t}.prefill_gpu AS "prefillGpu"`;

/** A gpu_sample row as RollupSample. */
export const sampleColumns = (t: string) =>
  `${epochMs(`${t}.ts`)} AS ts, ${t}.interval_s AS "intervalS", ${t}.node_id AS "nodeId", ${t}.gpu, ${t}.role,
   ${t}.input_tokens AS "inputTokens", ${t}.cached_tokens AS "cachedTokens", ${t}.output_tokens AS "outputTokens", ${t}.requests,
   ${t}.dispatch_send_tokens AS "dispatchSendTokens", ${t}.dispatch_recv_tokens AS "dispatchRecvTokens",
   ${t}.running_requests AS "runningRequests", ${t}.kv_cache_tokens AS "kvCacheTokens", ${t}.kv_cache_capacity AS "kvCacheCapacity",
   ${t}.util_pct AS "utilPct", ${t}.power_w AS "powerW", ${t}.energy_j AS "energyJ"`;

/** An expert_load row as RollupExpertLoad. */
export const expertLoadColumns = (t: string) =>
  `${epochMs(`${t}.ts`)} AS ts, ${t}.interval_s AS "intervalS", ${t}.phase, ${t}.layer, ${t}.expert,
   ${t}.node_id AS "nodeId", ${t}.gpu, ${t}.tokens`;
