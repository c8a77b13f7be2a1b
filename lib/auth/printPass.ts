import { randomBytes } from 'node:crypto';

/**
 * The PDF is the report page printed by headless Chromium on this machine. The printer presents
 * this pass, which only the server (and a CLI that starts its own server) knows, and reads as a
 * read-only caller: sign-in cannot be asked of it.
 */
export const PRINT_PASS_HEADER = 'x-fleetledger-print';
export const PRINT_PASS_ENV = 'FLEETLEDGER_PRINT_PASS';

// One pass for every bundle of the process (Next.js loads this module once per bundle).
const shared = globalThis as unknown as { fleetLedgerPrintPass?: string };

export function printPass(): string {
  process.env[PRINT_PASS_ENV] ??= randomBytes(24).toString('base64url');
  shared.fleetLedgerPrintPass ??= process.env[PRINT_PASS_ENV];
  return shared.fleetLedgerPrintPass;
}
