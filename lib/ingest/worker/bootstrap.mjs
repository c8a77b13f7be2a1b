// The ingest thread's entry: TypeScript sources are loaded through tsx, as by the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./ingestThread.ts');
