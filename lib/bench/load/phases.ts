/** The server settings a load measurement can run under, each against the others in one run. */
export const LOAD_PHASES = {
  // Every view computed for every reader, every upload parsed on the thread that answers readers.
  before: { FLEETLEDGER_VIEW_CACHE: 'off', FLEETLEDGER_INGEST_THREAD: 'request' },
  // Views cached and shared, uploads still on the readers' thread.
  cache: { FLEETLEDGER_VIEW_CACHE: 'on', FLEETLEDGER_INGEST_THREAD: 'request' },
  // As the product runs: views cached and shared, uploads on the ingest thread.
  product: { FLEETLEDGER_VIEW_CACHE: 'on', FLEETLEDGER_INGEST_THREAD: 'thread' },
} as const satisfies Record<string, Record<string, string>>;

export type LoadPhase = keyof typeof LOAD_PHASES;

export const phaseText = (phase: LoadPhase): string =>
  `${phase} (${Object.entries(LOAD_PHASES[phase]).map(([k, v]) => `${k}=${v}`).join(' ')})`;
