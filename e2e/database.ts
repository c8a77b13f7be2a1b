import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where e2e/server.ts leaves the URL of the database the app under test uses. */
export const databaseUrlFile = (port: number) => path.join(process.cwd(), '.data', 'e2e', `database-${port}.url`);

/** The URL of the app's database (for specs that need a token or a direct look). */
export const e2eDatabaseUrl = () => readFileSync(databaseUrlFile(Number(process.env.FLEETLEDGER_E2E_PORT ?? 3100)), 'utf8').trim();
