/** Configuration that applies over [effectiveFrom, effectiveTo), open-ended when effectiveTo is null. */
export interface EffectiveDated {
  effectiveFrom: number;
  effectiveTo: number | null;
}

export function isInForce(item: EffectiveDated, instant: number): boolean {
  return item.effectiveFrom <= instant && (item.effectiveTo === null || instant < item.effectiveTo);
}

/** The one item in force at `instant` (validation guarantees there is at most one). */
export function inForceAt<T extends EffectiveDated>(items: T[], instant: number): T | null {
  return items.find((item) => isInForce(item, instant)) ?? null;
}

/** Instants strictly inside (start, end) where one of the items starts or stops applying. */
export function edgesWithin(items: EffectiveDated[], start: number, end: number): number[] {
  return items
    .flatMap((item) => [item.effectiveFrom, item.effectiveTo ?? Infinity])
    .filter((edge) => edge > start && edge < end);
}

/** Throws unless each item spans a positive time and items of the same key do not overlap. */
export function assertEffectiveDates<T extends EffectiveDated>(items: T[], keyOf: (item: T) => string, what: string): void {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (!Number.isFinite(item.effectiveFrom) || (item.effectiveTo !== null && !(item.effectiveTo > item.effectiveFrom))) {
      throw new RangeError(`${what} ${key}: effectiveTo must be after effectiveFrom`);
    }
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  for (const [key, group] of byKey) {
    const sorted = group.slice().sort((a, b) => a.effectiveFrom - b.effectiveFrom);
    sorted.slice(1).forEach((item, i) => {
      const previousEnd = sorted[i].effectiveTo;
      if (previousEnd === null || previousEnd > item.effectiveFrom) {
        throw new RangeError(`${what} ${key}: two entries in force at ${new Date(item.effectiveFrom).toISOString()}`);
      }
    });
  }
}
