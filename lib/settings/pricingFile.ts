import { z } from 'zod';
import type { ElectricityRate } from '@/lib/finance/electricity';
import { usd } from '@/lib/finance/money';
import { validatePricingConfig, type PricingConfig } from './pricingConfig';

/**
 * The pricing JSON file (`npm run pricing -- export|import`, Settings page): amounts as decimal
 * text (exact; JSON numbers are accepted and read as the decimal they print as), instants as
 * ISO 8601 with a zone, `effectiveTo: null` for open-ended entries.
 */
export const PRICING_FILE_FORMAT = 'fleetledger-pricing';

const amount = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    try {
      return usd(v).toString();
    } catch {
      ctx.addIssue({ code: 'custom', message: `not an amount: ${JSON.stringify(v)}` });
      return z.NEVER;
    }
  });
const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 instant with a zone, e.g. 2025-02-27T04:00:00Z' }).transform((s) => Date.parse(s));
const effective = { effectiveFrom: instant, effectiveTo: instant.nullable() };

const FileSchema = z.strictObject({
  format: z.literal(PRICING_FILE_FORMAT),
  version: z.literal(1),
  referenceModel: z.string().min(1),
  billableSources: z.array(z.string().min(1)),
  rateCards: z.array(z.strictObject({ gpuType: z.string().min(1), usdPerGpuHour: amount, ...effective })),
  electricityRates: z.array(z.strictObject({ usdPerKwh: amount, ...effective })).optional(),
  priceBooks: z.array(
    z.strictObject({
      model: z.string().min(1),
      usdPerMillionTokens: z.strictObject({ cacheHitInput: amount, cacheMissInput: amount, output: amount }),
      ...effective,
    }),
  ),
  offPeakWindows: z.array(
    z.strictObject({ from: z.string(), to: z.string(), timeZone: z.string(), discountByModel: z.record(z.string(), amount), ...effective }),
  ),
});

/** A problem with a pricing file: `path` names the field (e.g. priceBooks.1.usdPerMillionTokens.output). */
export class PricingFileError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`invalid pricing file:\n${problems.map((p) => `  ${p.path || '(file)'}: ${p.message}`).join('\n')}`);
    this.name = 'PricingFileError';
  }
}

/**
 * A pricing file as read. Files written before electricity rates existed have no
 * `electricityRates`: importing one keeps the stored rates (savePricing), where an empty list
 * removes them.
 */
export type PricingFile = Omit<PricingConfig, 'electricityRates'> & { electricityRates?: ElectricityRate[] };

export function parsePricingFile(text: string): PricingFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PricingFileError([{ path: '', message: `not JSON (${(e as Error).message})` }]);
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PricingFileError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  }
  const { format: _format, version: _version, ...config } = parsed.data;
  try {
    validatePricingConfig({ ...config, electricityRates: config.electricityRates ?? [] });
  } catch (e) {
    throw new PricingFileError([{ path: '', message: (e as Error).message }]);
  }
  return config;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dates = (item: { effectiveFrom: number; effectiveTo: number | null }) => ({
  effectiveFrom: iso(item.effectiveFrom),
  effectiveTo: item.effectiveTo === null ? null : iso(item.effectiveTo),
});
const text = (v: unknown) => usd(v as string).toString();

/** The file's text for a configuration (stable order, so it diffs well in version control). */
export function formatPricingFile(config: PricingFile): string {
  const file = {
    format: PRICING_FILE_FORMAT,
    version: 1,
    referenceModel: config.referenceModel,
    billableSources: [...config.billableSources].sort(),
    rateCards: config.rateCards.map((r) => ({ gpuType: r.gpuType, usdPerGpuHour: text(r.usdPerGpuHour), ...dates(r) })),
    ...(config.electricityRates ? { electricityRates: config.electricityRates.map((r) => ({ usdPerKwh: text(r.usdPerKwh), ...dates(r) })) } : {}),
    priceBooks: config.priceBooks.map((b) => ({
      model: b.model,
      usdPerMillionTokens: {
        cacheHitInput: text(b.usdPerMillionTokens.cacheHitInput),
        cacheMissInput: text(b.usdPerMillionTokens.cacheMissInput),
        output: text(b.usdPerMillionTokens.output),
      },
      ...dates(b),
    })),
    offPeakWindows: config.offPeakWindows.map((w) => ({
      from: w.from,
      to: w.to,
      timeZone: w.timeZone,
      discountByModel: Object.fromEntries(Object.entries(w.discountByModel).map(([m, d]) => [m, text(d)])),
      ...dates(w),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
