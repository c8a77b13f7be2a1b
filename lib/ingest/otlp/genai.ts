/**
 * The span attributes and events a GenAI request is read from, each list in order of preference.
 * OpenTelemetry's GenAI semantic conventions (open-telemetry/semantic-conventions-genai; until
 * 2026-05 docs/gen-ai in semantic-conventions) come first, then the names older conventions and
 * the instrumentations in use still write:
 *
 * - `gen_ai.usage.prompt_tokens` / `completion_tokens`: semconv before v1.27 (2024-08), and what
 *   vLLM's `llm_request` span, SGLang and OpenLLMetry still write.
 * - cached input tokens: `gen_ai.usage.cache_read.input_tokens` (semconv since 2026-01, included in
 *   input_tokens); `gen_ai.usage.cache_read_input_tokens` (OpenLLMetry); `gen_ai.usage.cached_tokens`
 *   (SGLang, several SDKs); `gen_ai.usage.prompt_tokens_details.cached_tokens` and
 *   `gen_ai.usage.input_tokens_details.cached` (OpenAI's usage object flattened, OpenLLMetry's
 *   LangChain instrumentation); `llm.usage.cache_read_input_tokens` (Traceloop's JS SDK).
 * - time to first token: vLLM and SGLang write `gen_ai.latency.time_to_first_token` (seconds from
 *   arrival, the span's start), semconv `gen_ai.response.time_to_first_chunk` (seconds from the
 *   request, client side), OpenLIT `gen_ai.server.time_to_first_token`; as events, vLLM's request
 *   journey tracing writes `journey.FIRST_TOKEN` (engine) and `api.FIRST_RESPONSE_FROM_CORE` (API
 *   server), and OpenLLMetry one `llm.content.completion.chunk` (newer: `gen_ai.completion.chunk`)
 *   event per streamed chunk, the first of which is the first token. The deprecated
 *   `gen_ai.content.completion` event is not one: it carries the whole completion, at the end.
 * - queueing: vLLM and SGLang write `gen_ai.latency.time_in_queue` (seconds from arrival to
 *   scheduling, when prefill starts); vLLM's journey tracing a `journey.SCHEDULED` event.
 */

/** `gen_ai.operation.name` values that are one model generation (a request record). */
export const GENERATION_OPERATIONS: readonly string[] = ['chat', 'text_completion', 'generate_content'];
export const OPERATION_NAME = 'gen_ai.operation.name';

export const INPUT_TOKENS = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'] as const;
export const OUTPUT_TOKENS = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'] as const;
export const CACHED_TOKENS = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'gen_ai.usage.cached_tokens',
  'gen_ai.usage.prompt_tokens_details.cached_tokens',
  'gen_ai.usage.input_tokens_details.cached',
  'llm.usage.cache_read_input_tokens',
] as const;
export const MODEL = ['gen_ai.response.model', 'gen_ai.request.model'] as const;
export const REQUEST_ID = ['gen_ai.request.id', 'gen_ai.response.id'] as const;

/** Seconds from the span's start to the first token. */
export const TIME_TO_FIRST_TOKEN_S = ['gen_ai.latency.time_to_first_token', 'gen_ai.response.time_to_first_chunk', 'gen_ai.server.time_to_first_token'] as const;
export const FIRST_TOKEN_EVENTS: readonly string[] = [
  'gen_ai.first_token', 'first_token', 'journey.FIRST_TOKEN', 'api.FIRST_RESPONSE_FROM_CORE', 'gen_ai.completion.chunk', 'llm.content.completion.chunk',
];
/** Seconds from the span's start to the start of prefill. */
export const TIME_IN_QUEUE_S = ['gen_ai.latency.time_in_queue'] as const;
export const PREFILL_START_EVENTS: readonly string[] = ['journey.SCHEDULED'];

/** `error.type` is set on a failed GenAI operation, whatever the span status says. */
export const ERROR_TYPE = 'error.type';

/**
 * Where the fields the GenAI conventions do not cover are read from: attribute names tried in
 * order, on the span first, then on its resource. `fleetledger.*` names let a deployment say it
 * outright (an OpenTelemetry resource attribute set with OTEL_RESOURCE_ATTRIBUTES).
 */
export interface SpanFieldMapping {
  /** The node that served the request (both phases, unless `role` says which one). */
  node: readonly string[];
  /** `prefill` or `decode`: the phase the node served; absent = both (a unified engine). */
  role: readonly string[];
  prefillNode: readonly string[];
  decodeNode: readonly string[];
  /** The GPU index within `node`, for the phase(s) `node` stands for. */
  gpu: readonly string[];
  prefillGpu: readonly string[];
  decodeGpu: readonly string[];
  /** `api`, `web` or `app`: the channel the request came through (decides billability). */
  source: readonly string[];
  /** Tried after the GenAI model attributes (vLLM's span names no model). */
  model: readonly string[];
  /** How many requests the span stands for, when traces are sampled (1 / the sampling ratio). */
  sampleWeight: readonly string[];
}

/**
 * Defaults. The node: a FleetLedger name first, then Kubernetes' node (the machine whose GPUs
 * served, where `host.name` is often the pod's hostname), then the host, then the service
 * instance. No convention names a request's source (the channel it came through), so only
 * `fleetledger.source` is read; no GenAI attribute does either. GPUs likewise have no convention.
 */
export const DEFAULT_SPAN_MAPPING: SpanFieldMapping = {
  node: ['fleetledger.node', 'k8s.node.name', 'host.name', 'service.instance.id'],
  role: ['fleetledger.role'],
  prefillNode: ['fleetledger.prefill.node'],
  decodeNode: ['fleetledger.decode.node'],
  gpu: ['fleetledger.gpu'],
  prefillGpu: ['fleetledger.prefill.gpu'],
  decodeGpu: ['fleetledger.decode.gpu'],
  source: ['fleetledger.source'],
  model: ['fleetledger.model'],
  sampleWeight: ['fleetledger.sample_weight'],
};
