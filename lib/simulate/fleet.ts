import type { NodeEventRecord, NodeState, Phase } from '@/lib/ingest/records';
import type { FleetProfile, FleetStep } from './profile';

/** A serving unit's nodes; units are lent (to `other`) from the highest index down, and come back in reverse. */
export interface FleetLayout {
  units: Record<Phase, string[][]>;
  /** Every node with the role it serves in when its unit is in service. */
  nodes: { node: string; role: Phase; unit: number }[];
}

export function fleetLayout(profile: FleetProfile): FleetLayout {
  const maxUnits = (role: Phase) => Math.max(...profile.steps.map((s) => unitsOf(s, role)));
  const sizes = { decode: profile.decodeUnit.nodes, prefill: profile.prefillUnit.nodes };
  const total = maxUnits('decode') * sizes.decode + maxUnits('prefill') * sizes.prefill;
  const width = Math.max(3, String(total).length);
  const units: Record<Phase, string[][]> = { prefill: [], decode: [] };
  const nodes: FleetLayout['nodes'] = [];
  for (const role of ['decode', 'prefill'] as const) {
    for (let unit = 0; unit < maxUnits(role); unit++) {
      const names: string[] = [];
      for (let i = 0; i < sizes[role]; i++) {
        const node = `node-${String(nodes.length + 1).padStart(width, '0')}`;
        nodes.push({ node, role, unit });
        names.push(node);
      }
      units[role].push(names);
    }
  }
  return { units, nodes };
}

export function unitsOf(step: FleetStep, role: Phase): number {
  return role === 'prefill' ? step.prefillUnits : step.decodeUnits;
}

/** The step in force at an instant inside the profile's window. */
export function stepAt(profile: FleetProfile, instant: number): FleetStep {
  let current = profile.steps[0];
  for (const step of profile.steps) if (step.at <= instant) current = step;
  return current;
}

function stateOf(step: FleetStep, role: Phase, unit: number): NodeState {
  return unit < unitsOf(step, role) ? role : 'other';
}

/**
 * node_event records at an instant: every node's state when `initial` (the start of the written
 * window), otherwise only the nodes whose state changes at a step that starts exactly then.
 */
export function nodeEventsAt(profile: FleetProfile, layout: FleetLayout, instant: number, initial: boolean): NodeEventRecord[] {
  const step = stepAt(profile, instant);
  const previous = initial || step.at !== instant ? null : stepAt(profile, instant - 1);
  if (!initial && !previous) return [];
  const events: NodeEventRecord[] = [];
  for (const { node, role, unit } of layout.nodes) {
    const state = stateOf(step, role, unit);
    if (previous && stateOf(previous, role, unit) === state) continue;
    events.push({ type: 'node_event', ts: instant, node, state, gpuType: profile.gpuType, gpuCount: profile.gpusPerNode, model: null });
  }
  return events;
}
