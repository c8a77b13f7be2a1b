/**
 * Preloaded into `next start` (lib/launch/next.ts). Node's HTTP server ends a request whose body
 * has not all arrived within its requestTimeout (5 minutes by default), which cuts off a
 * multi-GB upload streaming at ingest speed, and `next start` has no option for it: its servers
 * get hours instead. Slow headers are still cut off (headersTimeout, 1 minute).
 */
import http from 'node:http';

const UPLOAD_TIMEOUT_MS = 6 * 60 * 60 * 1000;
const createServer = http.createServer;
http.createServer = (...args) => {
  const server = createServer(...args);
  server.requestTimeout = UPLOAD_TIMEOUT_MS;
  return server;
};
