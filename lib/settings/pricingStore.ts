import type { Db } from '@/lib/db/client';
import { recordAudit } from './audit';
import { validatePricingConfig, type PricingConfig } from './pricingConfig';
import { formatPricingFile, type PricingFile } from './pricingFile';

type Client = Db['prisma'];
type Tx = Parameters<Parameters<Client['$transaction']>[0]>[0];

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const date = (t: number | null) => (t === null ? null : new Date(t));

/** The pricing in force in the database (rate cards, electricity rates, price books, off-peak, billable, reference). */
export async function loadPricing(db: Pick<Db, 'prisma'> | { prisma: Tx }): Promise<PricingConfig> {
  const p = db.prisma;
  const [rateCards, electricityRates, priceBooks, windows, sources, org] = await Promise.all([
    p.gpuRateCard.findMany({ orderBy: [{ gpuType: 'asc' }, { effectiveFrom: 'asc' }] }),
    p.electricityRate.findMany({ orderBy: { effectiveFrom: 'asc' } }),
    p.priceBook.findMany({ orderBy: [{ model: 'asc' }, { effectiveFrom: 'asc' }] }),
    p.offPeakWindow.findMany({ orderBy: [{ effectiveFrom: 'asc' }, { id: 'asc' }] }),
    p.billableSource.findMany({ orderBy: { source: 'asc' } }),
    p.orgSettings.findUnique({ where: { id: 1 } }),
  ]);
  return {
    rateCards: rateCards.map((r) => ({ gpuType: r.gpuType, usdPerGpuHour: r.usdPerGpuHour.toString(), effectiveFrom: r.effectiveFrom.getTime(), effectiveTo: ms(r.effectiveTo) })),
    electricityRates: electricityRates.map((r) => ({ usdPerKwh: r.usdPerKwh.toString(), effectiveFrom: r.effectiveFrom.getTime(), effectiveTo: ms(r.effectiveTo) })),
    priceBooks: priceBooks.map((b) => ({
      model: b.model,
      usdPerMillionTokens: { cacheHitInput: b.cacheHitInput.toString(), cacheMissInput: b.cacheMissInput.toString(), output: b.output.toString() },
      effectiveFrom: b.effectiveFrom.getTime(),
      effectiveTo: ms(b.effectiveTo),
    })),
    offPeakWindows: windows.map((w) => ({
      from: w.fromTime,
      to: w.toTime,
      timeZone: w.timeZone,
      discountByModel: w.discountByModel as Record<string, string>,
      effectiveFrom: w.effectiveFrom.getTime(),
      effectiveTo: ms(w.effectiveTo),
    })),
    billableSources: sources.map((s) => s.source),
    referenceModel: org?.referenceModel ?? 'deepseek-r1',
  };
}

async function writePricing(tx: Tx, config: PricingConfig): Promise<void> {
  await tx.gpuRateCard.deleteMany();
  await tx.electricityRate.deleteMany();
  await tx.priceBook.deleteMany();
  await tx.offPeakWindow.deleteMany();
  await tx.billableSource.deleteMany();
  await tx.gpuRateCard.createMany({
    data: config.rateCards.map((r) => ({ gpuType: r.gpuType, usdPerGpuHour: String(r.usdPerGpuHour), effectiveFrom: new Date(r.effectiveFrom), effectiveTo: date(r.effectiveTo) })),
  });
  await tx.electricityRate.createMany({
    data: config.electricityRates.map((r) => ({ usdPerKwh: String(r.usdPerKwh), effectiveFrom: new Date(r.effectiveFrom), effectiveTo: date(r.effectiveTo) })),
  });
  await tx.priceBook.createMany({
    data: config.priceBooks.map((b) => ({
      model: b.model,
      cacheHitInput: String(b.usdPerMillionTokens.cacheHitInput),
      cacheMissInput: String(b.usdPerMillionTokens.cacheMissInput),
      output: String(b.usdPerMillionTokens.output),
      effectiveFrom: new Date(b.effectiveFrom),
      effectiveTo: date(b.effectiveTo),
    })),
  });
  await tx.offPeakWindow.createMany({
    data: config.offPeakWindows.map((w) => ({
      fromTime: w.from,
      toTime: w.to,
      timeZone: w.timeZone,
      discountByModel: Object.fromEntries(Object.entries(w.discountByModel).map(([m, d]) => [m, String(d)])),
      effectiveFrom: new Date(w.effectiveFrom),
      effectiveTo: date(w.effectiveTo),
    })),
  });
  await tx.billableSource.createMany({ data: [...new Set(config.billableSources)].map((source) => ({ source })) });
  await tx.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, referenceModel: config.referenceModel }, update: { referenceModel: config.referenceModel, updatedAt: new Date() } });
}

export type PricingChange = 'pricing.update' | 'pricing.import';

/**
 * Replaces the whole pricing configuration in one transaction and records it as one audited
 * change (before and after, as pricing-file JSON). Returns false when nothing changed. A file
 * without electricity rates (written before they existed) keeps the stored ones.
 */
export async function savePricing(db: Db, pricing: PricingFile, actor: string, action: PricingChange): Promise<boolean> {
  validatePricingConfig({ ...pricing, electricityRates: pricing.electricityRates ?? [] });
  return db.prisma.$transaction(async (tx) => {
    const before = await loadPricing({ prisma: tx });
    const config: PricingConfig = { ...pricing, electricityRates: pricing.electricityRates ?? before.electricityRates };
    const beforeText = formatPricingFile(before);
    const afterText = formatPricingFile(config);
    if (beforeText === afterText) return false;
    await writePricing(tx, config);
    await recordAudit(tx, { actor, action, entity: 'pricing', before: JSON.parse(beforeText), after: JSON.parse(afterText) });
    return true;
  });
}
