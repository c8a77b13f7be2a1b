import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public trace samples the tests read, kept in the repository's fixtures/ folder (each with
 * its PROVENANCE.md). Resolved from this module, so tests run from any working directory.
 */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));

export const fixture = (...parts: string[]) => path.join(FIXTURES_DIR, ...parts);
