/**
 * A web server process for crash tests: the app's start hook (instrumentation.ts register), then
 * the ingest routes on a real HTTP server, on DATABASE_URL. Prints `listening <url>` once it serves.
 * Usage: node --import tsx lib/testing/ingestServer.ts
 */
import { register } from '@/instrumentation';
import { POST as ingestPost } from '@/app/api/v1/ingest/route';
import { serveRoutes } from './routeServer';

process.env.NEXT_RUNTIME = 'nodejs';
await register();
const server = await serveRoutes({ 'POST /api/v1/ingest': ingestPost });
console.log(`listening ${server.url}`);
