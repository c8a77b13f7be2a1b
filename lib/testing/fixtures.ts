import path from 'node:path';

/**
 * The public trace fixtures live outside the repository, in ../shared/fixtures/public beside
 * the checkout (FLEETLEDGER_FIXTURES overrides, e.g. when CI runs from a copy elsewhere).
 */
export const FIXTURES_DIR = process.env.FLEETLEDGER_FIXTURES || path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'public');

export const fixture = (...parts: string[]) => path.join(FIXTURES_DIR, ...parts);
