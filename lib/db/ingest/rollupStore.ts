import type { ClientBase } from 'pg';
import { gpuMask, histKey, type NodeMinuteRollup, type RequestRollup } from './rollupMath';

const iso = (ms: number) => new Date(ms).toISOString();

/** Adds request rollups to the tables (additive upserts in key order: concurrent ingests lock rows alike). */
export async function upsertRequestRollup(client: ClientBase, rollup: RequestRollup): Promise<void> {
  const m = [...rollup.minutes()];
  if (m.length) {
    await client.query(
      `INSERT INTO rollup_request_minute AS t
         (bucket, model_id, source, requests, input_tokens, cached_tokens, output_tokens, kv_entries,
          speed_sum, speed_weight, ttft_ms_sum, ttft_weight)
       SELECT * FROM unnest($1::timestamptz[], $2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
                            $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])
       ORDER BY 1, 2, 3
       ON CONFLICT (bucket, model_id, source) DO UPDATE SET
         requests = t.requests + excluded.requests,
         input_tokens = t.input_tokens + excluded.input_tokens,
         cached_tokens = t.cached_tokens + excluded.cached_tokens,
         output_tokens = t.output_tokens + excluded.output_tokens,
         kv_entries = t.kv_entries + excluded.kv_entries,
         speed_sum = t.speed_sum + excluded.speed_sum,
         speed_weight = t.speed_weight + excluded.speed_weight,
         ttft_ms_sum = t.ttft_ms_sum + excluded.ttft_ms_sum,
         ttft_weight = t.ttft_weight + excluded.ttft_weight`,
      [
        m.map((r) => iso(r.bucket)), m.map((r) => r.modelId), m.map((r) => r.source), m.map((r) => r.requests),
        m.map((r) => r.inputTokens), m.map((r) => r.cachedTokens), m.map((r) => r.outputTokens), m.map((r) => r.kvEntries),
        m.map((r) => r.speedSum), m.map((r) => r.speedWeight), m.map((r) => r.ttftMsSum), m.map((r) => r.ttftWeight),
      ],
    );
  }
  const h = m.flatMap((r) => [...r.hist].map(([key, weight]) => ({ ...histKey(key), r, weight })));
  if (h.length) {
    await client.query(
      `INSERT INTO rollup_request_hist AS t (bucket, model_id, source, metric, bin, weight)
       SELECT to_timestamp(b / 1000), m, s, metric, bin, w
         FROM unnest($1::float8[], $2::int[], $3::text[], $4::smallint[], $5::smallint[], $6::float8[]) AS u(b, m, s, metric, bin, w)
        ORDER BY 1, 2, 3, 4, 5
       ON CONFLICT (bucket, model_id, source, metric, bin) DO UPDATE SET weight = t.weight + excluded.weight`,
      [h.map((x) => x.r.bucket), h.map((x) => x.r.modelId), h.map((x) => x.r.source), h.map((x) => x.metric), h.map((x) => x.bin), h.map((x) => x.weight)],
    );
  }
}

/** Adds node rollups to rollup_node_minute (additive upserts in key order). */
export async function upsertNodeRollup(client: ClientBase, rollup: NodeMinuteRollup): Promise<void> {
  const m = [...rollup.minutes()];
  if (!m.length) return;
  await client.query(
    `INSERT INTO rollup_node_minute AS t
       (bucket, node_id, role, samples, gpu_mask, gpu_seconds, token_seconds, input_tokens, cached_tokens, output_tokens,
        requests, dispatch_send_tokens, dispatch_recv_tokens, running_requests_s, kv_cache_tokens_s, kv_cache_capacity_s,
        util_pct_s, power_w_s)
     SELECT * FROM unnest($1::timestamptz[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::float8[], $7::float8[],
                          $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
                          $14::float8[], $15::float8[], $16::float8[], $17::float8[], $18::float8[])
     ORDER BY 2, 1, 3
     ON CONFLICT (node_id, bucket, role) DO UPDATE SET
       samples = t.samples + excluded.samples,
       gpu_mask = t.gpu_mask | excluded.gpu_mask,
       gpu_seconds = t.gpu_seconds + excluded.gpu_seconds,
       token_seconds = t.token_seconds + excluded.token_seconds,
       input_tokens = t.input_tokens + excluded.input_tokens,
       cached_tokens = t.cached_tokens + excluded.cached_tokens,
       output_tokens = t.output_tokens + excluded.output_tokens,
       requests = t.requests + excluded.requests,
       dispatch_send_tokens = t.dispatch_send_tokens + excluded.dispatch_send_tokens,
       dispatch_recv_tokens = t.dispatch_recv_tokens + excluded.dispatch_recv_tokens,
       running_requests_s = t.running_requests_s + excluded.running_requests_s,
       kv_cache_tokens_s = t.kv_cache_tokens_s + excluded.kv_cache_tokens_s,
       kv_cache_capacity_s = t.kv_cache_capacity_s + excluded.kv_cache_capacity_s,
       util_pct_s = t.util_pct_s + excluded.util_pct_s,
       power_w_s = t.power_w_s + excluded.power_w_s`,
    [
      m.map((r) => iso(r.bucket)), m.map((r) => r.nodeId), m.map((r) => r.role), m.map((r) => r.samples), m.map(gpuMask),
      m.map((r) => r.gpuSeconds), m.map((r) => r.tokenSeconds), m.map((r) => r.inputTokens), m.map((r) => r.cachedTokens),
      m.map((r) => r.outputTokens), m.map((r) => r.requests), m.map((r) => r.dispatchSendTokens), m.map((r) => r.dispatchRecvTokens),
      m.map((r) => r.runningRequestsS), m.map((r) => r.kvCacheTokensS), m.map((r) => r.kvCacheCapacityS), m.map((r) => r.utilPctS),
      m.map((r) => r.powerWS),
    ],
  );
}

/** Removes the rollups of whole hours before they are rebuilt from the raw rows. */
export async function deleteRequestRollupHours(client: ClientBase, hours: number[]): Promise<void> {
  await client.query(
    `DELETE FROM rollup_request_minute t USING unnest($1::float8[]) AS h(ms)
      WHERE t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000) + interval '1 hour'`,
    [hours],
  );
  await client.query(
    `DELETE FROM rollup_request_hist t USING unnest($1::float8[]) AS h(ms)
      WHERE t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000) + interval '1 hour'`,
    [hours],
  );
}

export async function deleteNodeRollupHours(client: ClientBase, nodeHours: { nodeId: number; hour: number }[]): Promise<void> {
  await client.query(
    `DELETE FROM rollup_node_minute t USING unnest($1::int[], $2::float8[]) AS h(node_id, ms)
      WHERE t.node_id = h.node_id AND t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000) + interval '1 hour'`,
    [nodeHours.map((h) => h.nodeId), nodeHours.map((h) => h.hour)],
  );
}
