import type { ClientBase } from 'pg';
import { DAY_MS, HOUR_MS, NodeMinuteRollup, RequestRollup, type RollupSample } from './rollupMath';
import { upsertNodeRollup, upsertRequestRollup } from './rollupStore';
import {
  AttentionRollup, BalanceRollup, ExpertRollup, GpuRollup, gpuDays, gpuHours, KvLengthRollup, nodeDays, nodeHours, requestDays, requestHours,
  type AttentionRequest, type RollupExpertLoad,
} from './viewRollups';
import {
  lockDays, refreshBalanceHours, upsertAttention, upsertBalanceSlots, upsertExpertHours, upsertGpuBuckets, upsertNodeDays, upsertNodeHours,
  upsertNodeLast, upsertRequestDays, upsertRequestHours,
} from './viewRollupStore';

/** Limits a rebuild to some hours: which node-hours, and which fleet-wide hours. */
export interface RollupScope {
  nodeHour?: (nodeId: number, bucket: number) => boolean;
  hour?: (bucket: number) => boolean;
}

/**
 * Every rollup one batch (or one rebuild) adds to: the minute rollups and the fleet views'
 * (hour and day tiers, per GPU, load imbalance, attention, KV-length histogram, expert load).
 */
export class Rollups {
  readonly requests = new RequestRollup();
  readonly nodes: NodeMinuteRollup;
  private readonly kvLength = new KvLengthRollup();
  private readonly attention = new AttentionRollup();
  private readonly gpus: GpuRollup;
  private readonly balance: BalanceRollup;
  private readonly experts: ExpertRollup;

  constructor(scope: RollupScope = {}) {
    this.nodes = new NodeMinuteRollup(scope.nodeHour);
    this.gpus = new GpuRollup(scope.nodeHour);
    this.balance = new BalanceRollup(scope.hour && ((slot) => scope.hour?.(Math.floor(slot / HOUR_MS) * HOUR_MS) ?? true));
    this.experts = new ExpertRollup(scope.hour);
  }

  addRequest(r: AttentionRequest): void {
    this.requests.add(r);
    this.kvLength.add(r);
    this.attention.add(r);
  }

  addSample(s: RollupSample): void {
    this.nodes.add(s);
    this.gpus.add(s);
    this.balance.add(s);
  }

  /** Samples feed the node and GPU rollups only (a rebuild of some nodes' hours). */
  addNodeSample(s: RollupSample): void {
    this.nodes.add(s);
    this.gpus.add(s);
  }

  /** Samples feed the load-imbalance slots only (a rebuild of fleet-wide hours). */
  addBalanceSample(s: RollupSample): void {
    this.balance.add(s);
  }

  addExpertLoad(e: RollupExpertLoad): void {
    this.experts.add(e);
  }

  /** The UTC days the node and request rollups add to (the day tier's). */
  private days(): number[] {
    const days = new Set<number>();
    for (const m of this.requests.minutes()) days.add(Math.floor(m.bucket / DAY_MS) * DAY_MS);
    for (const m of this.nodes.minutes()) days.add(Math.floor(m.bucket / DAY_MS) * DAY_MS);
    return [...days];
  }

  async upsert(client: ClientBase): Promise<void> {
    await lockDays(client, this.days(), 'shared');
    await upsertRequestRollup(client, this.requests, this.kvLength.rows());
    const requestHourRows = requestHours(this.requests.minutes());
    await upsertRequestHours(client, requestHourRows, this.kvLength.rows(HOUR_MS));
    await upsertRequestDays(client, requestDays(requestHourRows), this.kvLength.rows(DAY_MS));
    await upsertAttention(client, [...this.attention.buckets()]);
    await upsertNodeRollup(client, this.nodes);
    const nodeHourRows = nodeHours(this.nodes.minutes());
    await upsertNodeHours(client, nodeHourRows);
    await upsertNodeDays(client, nodeDays(nodeHourRows));
    await upsertNodeLast(client, [...this.nodes.minutes()]);
    const tenMinutes = [...this.gpus.buckets()];
    await upsertGpuBuckets(client, 'rollup_gpu_10min', tenMinutes);
    const gpuHourRows = gpuHours(tenMinutes);
    await upsertGpuBuckets(client, 'rollup_gpu_hour', gpuHourRows);
    await upsertGpuBuckets(client, 'rollup_gpu_day', gpuDays(gpuHourRows));
    const slots = [...this.balance.slots()];
    await upsertBalanceSlots(client, slots);
    await refreshBalanceHours(client, slots.map((s) => Math.floor(s.slot / HOUR_MS) * HOUR_MS));
    await upsertExpertHours(client, this.experts.expertHours(), this.experts.gpuHours());
  }
}
