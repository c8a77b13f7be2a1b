import type { FleetProfile } from '../profile';
import { deepseek20250227 } from './deepseek-2025-02-27';
import { small } from './small';

export const PROFILES: Readonly<Record<string, FleetProfile>> = {
  [deepseek20250227.name]: deepseek20250227,
  [small.name]: small,
};

export function profileByName(name: string): FleetProfile {
  const profile = PROFILES[name];
  if (!profile) throw new RangeError(`unknown profile "${name}" (known: ${Object.keys(PROFILES).join(', ')})`);
  return profile;
}
