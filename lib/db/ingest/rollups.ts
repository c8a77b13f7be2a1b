import type { ClientBase } from 'pg';
import { dayOfHour } from '@/lib/time/dayGrid';
import { lockDayGrid, lockDays } from './dayTier';
import { HOUR_MS, NodeMinuteRollup, RequestRollup, type RollupSample } from './rollupMath';
import { upsertNodeRollup, upsertRequestRollup } from './rollupStore';
import {
  AttentionRollup, BalanceRollup, ExpertRollup, GpuRollup, gpuDays, gpuHours, KvLengthRollup, nodeDays, nodeHours, requestDays, requestHours, toHour,
  type BucketOf,
  type AttentionRequest, type RollupExpertLoad,
} from './viewRollups';
import {
  refreshBalanceHours, upsertAttention, upsertBalanceSlots, upsertExpertHours, upsertGpuBuckets, upsertNodeDays, upsertNodeHours,
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

  async upsert(client: ClientBase): Promise<void> {
    const day = dayOfHour(await lockDayGrid(client));
    const dayOf: BucketOf = (ms) => day(Math.floor(ms / HOUR_MS) * HOUR_MS)?.start ?? null;
    const requestHourRows = requestHours(this.requests.minutes());
    const nodeHourRows = nodeHours(this.nodes.minutes());
    const days = [...requestHourRows, ...nodeHourRows].map((r) => dayOf(r.bucket)).filter((d) => d !== null);
    await lockDays(client, days, 'shared');
    await upsertRequestRollup(client, this.requests, this.kvLength.rows());
    await upsertRequestHours(client, requestHourRows, this.kvLength.rows(toHour));
    await upsertRequestDays(client, requestDays(requestHourRows, dayOf), this.kvLength.rows(dayOf));
    await upsertAttention(client, [...this.attention.buckets()]);
    await upsertNodeRollup(client, this.nodes);
    await upsertNodeHours(client, nodeHourRows);
    await upsertNodeDays(client, nodeDays(nodeHourRows, dayOf));
    await upsertNodeLast(client, [...this.nodes.minutes()]);
    const tenMinutes = [...this.gpus.buckets()];
    await upsertGpuBuckets(client, 'rollup_gpu_10min', tenMinutes);
    const gpuHourRows = gpuHours(tenMinutes);
    await upsertGpuBuckets(client, 'rollup_gpu_hour', gpuHourRows);
    await upsertGpuBuckets(client, 'rollup_gpu_day', gpuDays(gpuHourRows, dayOf));
    const slots = [...this.balance.slots()];
    await upsertBalanceSlots(client, slots);
    await refreshBalanceHours(client, slots.map((s) => Math.floor(s.slot / HOUR_MS) * HOUR_MS));
    await upsertExpertHours(client, this.experts.expertHours(), this.experts.gpuHours());
  }
}
