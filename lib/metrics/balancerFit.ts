import type { Phase } from '@/lib/ingest/records';
import type { BalancerSetting } from './balancerSettings';

/** Where the balancer settings are edited, as a person finds them. */
export const BALANCER_SETTINGS_PLACE = 'Load balancer settings per role, on the Experts page';

const SUGGESTIONS = 4;

const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

/** Up to four candidates nearest to `current`, in ascending order. */
function nearest(candidates: number[], current: number): number[] {
  return [...candidates].sort((a, b) => Math.abs(a - current) - Math.abs(b - current) || a - b).slice(0, SUGGESTIONS).sort((a, b) => a - b);
}

/** "8, 13, 26 or 52" */
function either(values: number[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : String(values[0]);
}

/**
 * Why EPLB cannot place `routed` experts with a role's unit, and which setting to change to
 * what: null when the unit fits. EPLB needs the experts to split into equal groups, the expert
 * slots (routed + redundant) to split evenly over the GPUs, and the GPUs over the nodes.
 */
export function balancerMismatch(phase: Phase, routed: number, s: BalancerSetting): string | null {
  const where = `(${BALANCER_SETTINGS_PLACE}, ${phase})`;
  const seen = `the loads name experts 0–${routed - 1}`;
  if (routed % s.groups) {
    return `${phase}: ${routed} experts do not divide into ${s.groups} groups (${seen}): set Expert groups to ${either(nearest(divisors(routed), s.groups))} ${where}`;
  }
  const slots = routed + s.redundant;
  if (slots % s.gpus) {
    const gpus = nearest(divisors(slots).filter((d) => d % s.nodes === 0), s.gpus);
    const short = slots % s.gpus;
    const redundant = [s.redundant - short, s.redundant - short + s.gpus].filter((r) => r >= 0);
    const fixes = [...(gpus.length ? [`GPUs to ${either(gpus)}`] : []), `Redundant slots to ${either(redundant)}`];
    return `${phase}: ${slots} expert slots (${routed} routed + ${s.redundant} redundant; ${seen}) do not divide over ${s.gpus} GPUs: set ${fixes.join(', or ')} ${where}`;
  }
  if (s.gpus % s.nodes) {
    return `${phase}: ${s.gpus} GPUs do not divide over ${s.nodes} nodes: set Nodes to ${either(nearest(divisors(s.gpus), s.nodes))} ${where}`;
  }
  return null;
}
