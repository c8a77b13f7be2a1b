import { actorOf, authorise } from '@/lib/auth/access';
import { getDb } from '@/lib/db/client';
import { MAX_JSON_BYTES, readBody } from '@/lib/http/body';
import { BadRequest } from '@/lib/http/errors';
import { route } from '@/lib/http/route';
import { PricingFileError, formatPricingFile, parsePricingFile } from '@/lib/settings/pricingFile';
import { loadPricing, savePricing } from '@/lib/settings/pricingStore';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The pricing file (?download=1: as an attachment). */
export const GET = route(async (request) => {
  const db = await getDb();
  await authorise(db, request, 'GET /api/settings/pricing');
  const download = new URL(request.url).searchParams.get('download') === '1';
  return new Response(formatPricingFile(await loadPricing(db)), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(download ? { 'content-disposition': 'attachment; filename="fleetledger-pricing.json"' } : {}),
    },
  });
});

/** Replaces the pricing with the body (a pricing file): one audited change. ?import=1 marks an import. */
export const PUT = route(async (request) => {
  const db = await getDb();
  const principal = await authorise(db, request, 'PUT /api/settings/pricing');
  const action = new URL(request.url).searchParams.get('import') === '1' ? 'pricing.import' : 'pricing.update';
  let config;
  try {
    config = parsePricingFile((await readBody(request, MAX_JSON_BYTES)).toString('utf8'));
  } catch (e) {
    if (e instanceof PricingFileError) throw new BadRequest('Invalid pricing file.', e.problems);
    throw e;
  }
  const changed = await savePricing(db, config, actorOf(principal), action);
  return Response.json({ changed });
});
